package shoplab.services.product.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import static shoplab.services.product.catalog.CacheConsistencyMechanism.CACHE_ASIDE_TTL;
import static shoplab.services.product.catalog.CacheConsistencyMechanism.CACHE_BEFORE_DB;
import static shoplab.services.product.catalog.CacheConsistencyMechanism.CHANGE_STREAM;
import static shoplab.services.product.catalog.CacheConsistencyMechanism.DELAYED_DOUBLE_DELETE;
import static shoplab.services.product.catalog.CacheConsistencyMechanism.UPDATE_THEN_DELETE;

/**
 * The note's read path and the strategy's write path. A read: the process's own cache (Caffeine, a short TTL),
 * then Redis, then the database, filling Redis and the process cache on the way back. A merchant's change
 * writes the database and keeps Redis in step the strategy's way ({@link CacheConsistencyMechanism}).
 */
final class ReadPath implements AutoCloseable {

    /** Where a read's answer came from: what the lab measures each layer's freshness and hit ratio by. */
    static final String LOCAL = "local";
    static final String REDIS = "redis";
    static final String DB = "db";

    record Read(ProductView view, String from) {
    }

    /** The strategy's timings. */
    record Timings(long ttlMs, long safetyTtlMs, long localTtlMs, long doubleDeleteMs) {
        Timings {
            if (ttlMs < 1 || safetyTtlMs < 1 || localTtlMs < 1 || doubleDeleteMs < 1) {
                throw new IllegalArgumentException("cache timings must be positive: " + this);
            }
        }
    }

    private final String strategy;
    private final CatalogStore store;
    private final RedisCopies redis;
    private final Timings timings;
    private final FillGate gate;
    private final Cache<String, ProductView> local;
    private final LongAdder localHits = new LongAdder();
    private final LongAdder localMisses = new LongAdder();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "product-double-delete");
        t.setDaemon(true);
        return t;
    });

    ReadPath(String strategy, CatalogStore store, RedisCopies redis, Timings timings, FillGate gate) {
        if (!new CacheConsistencyMechanism().catalogStrategies().contains(strategy)) {
            throw new IllegalArgumentException("unknown cache-consistency strategy '" + strategy + "' (known: "
                    + String.join(", ", new CacheConsistencyMechanism().catalogStrategies()) + ")");
        }
        this.strategy = strategy;
        this.store = store;
        this.redis = redis;
        this.timings = timings;
        this.gate = gate;
        this.local = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMillis(timings.localTtlMs())).build();
    }

    String strategy() {
        return strategy;
    }

    Read read(String sku) {
        ProductView mine = local.getIfPresent(sku);
        if (mine != null) {
            localHits.increment();
            return new Read(mine, LOCAL);
        }
        localMisses.increment();
        Optional<ProductView> cached = redis.get(sku);
        if (cached.isPresent()) {
            local.put(sku, cached.get());
            return new Read(cached.get(), REDIS);
        }
        ProductView fresh = store.read(sku).orElseThrow(() -> CatalogStore.unknown(sku));
        gate.beforeFill(sku);
        fill(fresh);
        local.put(sku, fresh);
        return new Read(fresh, DB);
    }

    /** A miss's fill: with the strategy's TTL; versioned where a late fill must not undo a newer copy. */
    private void fill(ProductView v) {
        switch (strategy) {
            case CACHE_ASIDE_TTL -> redis.set(v, timings.ttlMs());
            case CHANGE_STREAM -> redis.setIfNewer(v, timings.safetyTtlMs());
            case CACHE_BEFORE_DB -> redis.set(v, 0); // the write path owns the cache: no expiry
            default -> redis.set(v, timings.safetyTtlMs());
        }
    }

    /** A merchant's change, made the strategy's way: {@code write} is the database's transaction. */
    ProductView change(String sku, Supplier<ProductView> write, java.util.function.UnaryOperator<ProductView> expected) {
        try {
            switch (strategy) {
                case CACHE_ASIDE_TTL, CHANGE_STREAM -> {
                    return write.get(); // the TTL, or the change log, brings the cache along
                }
                case UPDATE_THEN_DELETE -> {
                    ProductView v = write.get();
                    evict(sku);
                    return v;
                }
                case DELAYED_DOUBLE_DELETE -> {
                    ProductView v = write.get();
                    evict(sku);
                    later.schedule(() -> evict(sku), timings.doubleDeleteMs(), TimeUnit.MILLISECONDS);
                    return v;
                }
                case CACHE_BEFORE_DB -> {
                    // The bug on purpose: the new value is in the cache before the database has said yes to it.
                    ProductView now = store.read(sku).orElseThrow(() -> CatalogStore.unknown(sku));
                    redis.set(expected.apply(now), 0);
                    local.invalidate(sku);
                    return write.get();
                }
                default -> throw new IllegalStateException(strategy);
            }
        } finally {
            gate.changed(sku);
        }
    }

    /** Removes the product from both caches (the change stream's refresh and the delete strategies' step). */
    void evict(String sku) {
        redis.delete(sku);
        local.invalidate(sku);
    }

    /** The change stream's refresh: the row as the database has it now, unless Redis holds it already or newer. */
    void refresh(ProductView v) {
        redis.setIfNewer(v, timings.safetyTtlMs());
        local.invalidate(v.sku());
    }

    /** Added to every promise: a read's own way through the service, measured from when the shopper asked. */
    static final long SLACK_MS = 250;

    /**
     * How stale the strategy promises a read can be, ms after the change's answer: what its staleness checker
     * holds it to. The lab's slow-fill window lengthens a fill by up to {@link FillGate#WAIT_AT_MOST_MS}, which a
     * TTL counts from; the local copy adds its own TTL to every layer behind it.
     */
    long promiseMs() {
        long behind = switch (strategy) {
            case CACHE_ASIDE_TTL -> timings.ttlMs() + FillGate.WAIT_AT_MOST_MS;
            // its known hole: a fill that read before the change and writes after its delete stays until the safety TTL
            case UPDATE_THEN_DELETE -> timings.safetyTtlMs() + FillGate.WAIT_AT_MOST_MS;
            case DELAYED_DOUBLE_DELETE -> timings.doubleDeleteMs();
            case CHANGE_STREAM -> ChangeLogFollower.GAP_GIVE_UP_MS + ChangeLogFollower.PERIOD_MS;
            default -> 0; // cache-before-db: the write path puts the new value first, so it claims never to be behind
        };
        return behind + timings.localTtlMs() + SLACK_MS;
    }

    long localHits() {
        return localHits.sum();
    }

    long localMisses() {
        return localMisses.sum();
    }

    @Override
    public void close() {
        later.shutdownNow();
    }
}
