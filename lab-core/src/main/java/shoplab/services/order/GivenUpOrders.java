package shoplab.services.order;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Orders given up after their deduction may have happened: the inventory's answer was lost (an I/O error),
 * was neither yes nor no (a 500), or the order row could not be written. Without an order nothing would ever
 * release such a unit: it would be lost. Each is released at the inventory until it answers; the release is
 * idempotent, and one that comes before the deduction closes the order there, so a deduction still in flight
 * is refused. Kept in memory: this service's own crash with one pending is the one case it does not cover.
 */
@Component
public class GivenUpOrders implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(GivenUpOrders.class);

    /** How often a release the inventory did not confirm is tried again. */
    static final long RETRY_MS = 200;

    private final InventoryClient inventory;
    /** Order id to SKU, until the inventory confirmed the release. */
    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "order-given-up-release");
        t.setDaemon(true);
        return t;
    });

    public GivenUpOrders(InventoryClient inventory) {
        this.inventory = inventory;
        timer.scheduleWithFixedDelay(this::retry, RETRY_MS, RETRY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Gives the order's units back: at once on this component's thread (the inventory that just failed may
     * take its full timeout to answer, and the buyer is not kept waiting for it), and again until it confirms.
     */
    void giveUp(String orderId, String sku) {
        pending.put(orderId, sku);
        timer.execute(() -> release(orderId, sku));
    }

    /** Releases not yet confirmed: the stack is not quiet while one is. */
    public int pending() {
        return pending.size();
    }

    private void retry() {
        pending.forEach(this::release);
    }

    private void release(String orderId, String sku) {
        try {
            if (inventory.release(orderId, sku).status() == 200) {
                pending.remove(orderId);
            }
        } catch (Exception e) {
            LOG.debug("release of given-up order {} failed, retrying: {}", orderId, e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        if (!pending.isEmpty()) {
            LOG.warn("stopping with {} given-up orders not released at the inventory: {}", pending.size(), pending.keySet());
        }
    }
}
