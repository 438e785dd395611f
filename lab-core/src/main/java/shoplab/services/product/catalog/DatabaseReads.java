package shoplab.services.product.catalog;

import shoplab.services.common.Guard;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The read path's way to the database when no cache had the product: with the protection on, one read per
 * product at a time (the others wait for its answer: a hot key that expires sends one query, not one per
 * waiting request) behind a rate limit ({@link Guard}, Sentinel; over it, a read is shed with 429 instead of
 * queueing into the database); with it off, every miss queries. Counts the queries it sends: the load the caches
 * exist to keep off the database.
 */
final class DatabaseReads implements AutoCloseable {

    static final String PATH = "product-db-read";

    private final CatalogStore store;
    private final Guard limit;
    private final ConcurrentHashMap<String, CompletableFuture<Optional<ProductView>>> inFlight = new ConcurrentHashMap<>();
    private final LongAdder queries = new LongAdder();
    private final LongAdder shed = new LongAdder();

    /** @param limit the rate limit, or null: the protection is off */
    DatabaseReads(CatalogStore store, Guard limit) {
        this.store = store;
        this.limit = limit;
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
            try {
                limit.admit(PATH, "all");
            } catch (Guard.Shed e) {
                shed.increment();
                throw e;
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
        if (limit != null) {
            limit.close();
        }
    }
}
