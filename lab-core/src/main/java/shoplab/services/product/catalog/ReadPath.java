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

    /** How long a product known not to exist is remembered (the protection against penetration). */
    static final long ABSENT_TTL_MS = 5000;

    private final String strategy;
    private final CatalogStore store;
    private final RedisCopies redis;
    private final DatabaseReads db;
    private final Timings timings;
    private final FillGate gate;
    private final java.util.function.Predicate<String> mayExist;
    private final Cache<String, RedisCopies.Copy> local;
    private final LongAdder localHits = new LongAdder();
    private final LongAdder localMisses = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder copiesLost = new LongAdder();
    /** Reads per product found: which one is hot (what the breakdown window expires). */
    private final java.util.concurrent.ConcurrentHashMap<String, LongAdder> readsOf = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "product-double-delete");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param mayExist false only for a SKU that is certainly not in the catalog (the protection's Bloom filter:
     *                 a read for it stops here, touching neither Redis nor the database); always true unprotected
     */
    ReadPath(String strategy, CatalogStore store, RedisCopies redis, DatabaseReads db, Timings timings, FillGate gate,
             java.util.function.Predicate<String> mayExist) {
        if (!new CacheConsistencyMechanism().catalogStrategies().contains(strategy)) {
            throw new IllegalArgumentException("unknown cache-consistency strategy '" + strategy + "' (known: "
                    + String.join(", ", new CacheConsistencyMechanism().catalogStrategies()) + ")");
        }
        this.strategy = strategy;
        this.store = store;
        this.redis = redis;
        this.db = db;
        this.timings = timings;
        this.gate = gate;
        this.mayExist = mayExist;
        this.local = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMillis(timings.localTtlMs())).build();
    }

    String strategy() {
        return strategy;
    }

    Read read(String sku) {
        if (!mayExist.test(sku)) {
            notFound.increment();
            throw CatalogStore.unknown(sku);
        }
        RedisCopies.Copy mine = local.getIfPresent(sku);
        if (mine != null) {
            localHits.increment();
            return answer(sku, mine, LOCAL);
        }
        localMisses.increment();
        Optional<RedisCopies.Copy> cached = redis.get(sku);
        if (cached.isPresent()) {
            local.put(sku, cached.get());
            return answer(sku, cached.get(), REDIS);
        }
        Optional<ProductView> fresh = db.read(sku, v -> fill(sku, v));
        RedisCopies.Copy copy = new RedisCopies.Copy(fresh.orElse(null));
        if (fresh.isPresent() || db.protectedOn()) {
            local.put(sku, copy);
        }
        return answer(sku, copy, DB);
    }

    private Read answer(String sku, RedisCopies.Copy copy, String from) {
        if (copy.absent()) {
            notFound.increment();
            throw CatalogStore.unknown(sku);
        }
        readsOf.computeIfAbsent(sku, k -> new LongAdder()).increment(); // products only: probes must not grow it
        return new Read(copy.view(), from);
    }

    /**
     * A miss's fill, on the thread that read the database: with the strategy's TTL, versioned where a late fill
     * must not undo a newer copy; an absent product remembered for a while when the protection is on. Redis away:
     * nothing is filled (the next read asks the database again, behind its limit).
     */
    private void fill(String sku, Optional<ProductView> read) {
        try {
            if (read.isEmpty()) {
                if (db.protectedOn()) {
                    redis.setAbsent(sku, ABSENT_TTL_MS);
                }
                return;
            }
            ProductView v = read.get();
            gate.beforeFill(v.sku());
            switch (strategy) {
                case CACHE_ASIDE_TTL -> redis.set(v, timings.ttlMs());
                case CHANGE_STREAM -> redis.setIfNewer(v, timings.safetyTtlMs());
                case CACHE_BEFORE_DB -> redis.set(v, 0); // the write path owns the cache: no expiry
                default -> redis.set(v, timings.safetyTtlMs());
            }
        } catch (io.lettuce.core.RedisException e) {
            // Redis away: served from the database alone
        }
    }

    /** A merchant's change, made the strategy's way: {@code write} is the database's transaction. */
    ProductView change(String sku, Supplier<ProductView> write, java.util.function.UnaryOperator<ProductView> expected) {
        ProductView v = switch (strategy) {
            case CACHE_ASIDE_TTL, CHANGE_STREAM -> write.get(); // the TTL, or the change log, brings the cache along
            case UPDATE_THEN_DELETE -> {
                ProductView done = write.get();
                evict(sku);
                yield done;
            }
            case DELAYED_DOUBLE_DELETE -> {
                ProductView done = write.get();
                evict(sku);
                later.schedule(() -> evict(sku), timings.doubleDeleteMs(), TimeUnit.MILLISECONDS);
                yield done;
            }
            case CACHE_BEFORE_DB -> {
                // The bug on purpose: the new value is in the cache before the database has said yes to it.
                ProductView now = store.read(sku).orElseThrow(() -> CatalogStore.unknown(sku));
                redis.set(expected.apply(now), 0);
                local.invalidate(sku);
                yield write.get();
            }
            default -> throw new IllegalStateException(strategy);
        };
        gate.changed(sku); // a change made (a refused one changed nothing: the fills waiting for a change go on waiting)
        return v;
    }

    /**
     * Removes the product from both caches (the delete strategies' step). Redis away: the delete is lost and
     * counted; a copy Redis kept through its outage stays until its TTL.
     */
    void evict(String sku) {
        local.invalidate(sku);
        try {
            redis.delete(sku);
        } catch (io.lettuce.core.RedisException e) {
            copiesLost.increment();
        }
    }

    /** The breakdown window: the most read product's copies expire now, under its load. */
    String expireHottest() {
        String hot = readsOf.entrySet().stream().max(java.util.Map.Entry.comparingByValue(
                java.util.Comparator.comparingLong(LongAdder::sum))).map(java.util.Map.Entry::getKey).orElse(null);
        if (hot != null) {
            evict(hot);
        }
        return hot;
    }

    /** The avalanche window: every copy expires at once. */
    long expireAll() {
        local.invalidateAll();
        return redis.deleteAll();
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

    long notFound() {
        return notFound.sum();
    }

    long copiesLost() {
        return copiesLost.sum();
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
