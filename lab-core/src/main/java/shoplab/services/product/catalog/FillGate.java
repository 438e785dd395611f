package shoplab.services.product.catalog;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The lab's {@code slow-fill} window, as a seam: while it is open, a read that missed every cache and read the
 * database waits, before it fills the cache, until the next change of the same product has done its own cache
 * step (or {@link #WAIT_AT_MOST_MS}). The interleaving that breaks update-then-delete (a read fills the value
 * it read before a change that already deleted the entry) then happens whenever a change comes, forced, not
 * hoped for; what each strategy does about it is what the run shows.
 */
final class FillGate {

    static final String WINDOW = "slow-fill";
    static final long WAIT_AT_MOST_MS = 1500;

    private final ConcurrentHashMap<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
    private volatile boolean open;

    void open(boolean on) {
        open = on;
        if (!on) {
            waiting.values().forEach(CountDownLatch::countDown);
            waiting.clear();
        }
    }

    boolean isOpen() {
        return open;
    }

    /** Between a fill's database read and its cache write. */
    void beforeFill(String sku) {
        if (!open) {
            return;
        }
        try {
            waiting.computeIfAbsent(sku, k -> new CountDownLatch(1)).await(WAIT_AT_MOST_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A change of {@code sku} did its cache step: the fills waiting for it go on. */
    void changed(String sku) {
        CountDownLatch l = waiting.remove(sku);
        if (l != null) {
            l.countDown();
        }
    }
}
