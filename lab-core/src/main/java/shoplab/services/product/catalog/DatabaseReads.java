package shoplab.services.product.catalog;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import shoplab.services.common.Guard;

import java.time.Duration;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The read path's way to the database when no cache had the product: with the protection on, one read per
 * product at a time (the others wait for its answer: a hot key that expires sends one query, not one per
 * waiting request) behind a rate limit (Resilience4j's, refilled every 100 ms so that no second holds much more
 * than the limit: Sentinel's per-second token bucket let 160-200 a second through a limit of 120 at 10x load;
 * over it, a read is shed with 429 instead of queueing into the database); with it off, every miss queries. Counts the queries it sends: the load the caches
 * exist to keep off the database.
 */
final class DatabaseReads implements AutoCloseable {

    static final String PATH = "product-db-read";

    private final CatalogStore store;
    private final RateLimiter limit;
    private final ConcurrentHashMap<String, CompletableFuture<Optional<ProductView>>> inFlight = new ConcurrentHashMap<>();
    private final LongAdder queries = new LongAdder();
    private final LongAdder shed = new LongAdder();

    /** @param qps the limit on reads a second, or 0: the protection is off */
    DatabaseReads(CatalogStore store, double qps) {
        this.store = store;
        this.limit = qps > 0 ? RateLimiter.of(PATH, qps >= 10
                ? RateLimiterConfig.custom().limitForPeriod((int) Math.round(qps / 10)).limitRefreshPeriod(Duration.ofMillis(100))
                        .timeoutDuration(Duration.ZERO).build()
                : RateLimiterConfig.custom().limitForPeriod(1).limitRefreshPeriod(Duration.ofMillis(Math.round(1000 / qps)))
                        .timeoutDuration(Duration.ZERO).build()) : null;
    }

    boolean protectedOn() {
        return limit != null;
    }

    /** The product as the database has it; {@code afterRead} runs on the reading thread before the waiters get it. */
    Optional<ProductView> read(String sku, java.util.function.Consumer<Optional<ProductView>> afterRead) {
        if (limit == null) {
            Optional<ProductView> v = query(sku);
            afterRead.accept(v);
            return v;
        }
        CompletableFuture<Optional<ProductView>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<ProductView>> leader = inFlight.putIfAbsent(sku, mine);
        if (leader != null) {
            return join(leader);
        }
        try {
            if (!limit.acquirePermission()) {
                shed.increment();
                throw new Guard.Shed(PATH + ": over the database's limit");
            }
            Optional<ProductView> v = query(sku);
            afterRead.accept(v);
            mine.complete(v);
            return v;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(sku, mine);
        }
    }

    private Optional<ProductView> query(String sku) {
        queries.increment();
        return store.read(sku);
    }

    private static Optional<ProductView> join(CompletableFuture<Optional<ProductView>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for another read of the same product", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // the leader's answer is the waiters' too (a shed read sheds them all)
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    long queries() {
        return queries.sum();
    }

    long shed() {
        return shed.sum();
    }

    @Override
    public void close() {
        // nothing to release: the limiter holds no thread
    }
}
