package shoplab.services.order;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Releases the stock of orders whose hold expired (the buyer abandoned), on the direct order path (the
 * queued path's holds end in its Redis buffer). Claims the expired orders first
 * (HELD -> RELEASING) so a payment racing the expiry either wins before the claim or is refused after it;
 * the inventory's release is idempotent, so a claim left behind by a failure is simply retried.
 */
@Component
public class HoldExpiry implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(HoldExpiry.class);

    private final OrderTable orders;
    private final InventoryClient inventory;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "order-hold-expiry");
        t.setDaemon(true);
        return t;
    });

    private final shoplab.services.common.SiteLease lease;
    /** The inventory's release is idempotent per order: several run at once, never two for one order. */
    private final java.util.concurrent.ExecutorService releasers = Executors.newFixedThreadPool(RELEASERS, r -> {
        Thread t = new Thread(r, "order-hold-release");
        t.setDaemon(true);
        return t;
    });
    static final int RELEASERS = 8;

    private final StockHold hold;

    public HoldExpiry(OrderTable orders, InventoryClient inventory, shoplab.services.common.SiteLease lease, StockHold hold,
                      org.springframework.beans.factory.ObjectProvider<QueuedOrders> queued) {
        this.hold = hold;
        this.orders = orders;
        this.inventory = inventory;
        this.lease = lease;
        if (queued.getIfAvailable() == null) { // the queued path's holds end in its buffer
            timer.scheduleWithFixedDelay(this::sweep, 100, 100, TimeUnit.MILLISECONDS);
        }
    }

    void sweep() {
        if (!lease.writable()) {
            return; // a fenced or standby data center's job pauses: the active one's runs
        }
        hold.unlessHeld(() -> {
            releaseExpired();
            return true;
        }); // held: the stock is being rebuilt, the next sweep releases
    }

    private void releaseExpired() {
        try {
            // Every expired hold claimed in one statement per shard: a pay either commits before it or finds the order RELEASING.
            orders.claimExpired(System.currentTimeMillis());
            // Releases in parallel: after an overload thousands of holds of buyers who gave up expire together,
            // and one at a time (each a few commits, semi-synchronous ones after a failover) they took minutes.
            List<java.util.concurrent.Future<?>> pending = new java.util.ArrayList<>();
            orders.releasing(200).forEach((id, sku) -> pending.add(releasers.submit(() -> {
                InventoryClient.Answer a = inventory.release(id, sku);
                if (a.status() == 200) {
                    orders.markReleased(id);
                }
                return null;
            })));
            for (java.util.concurrent.Future<?> f : pending) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.debug("a release failed, retried next sweep: {}", e.getCause().toString());
                }
            }
        } catch (Exception e) {
            LOG.debug("hold expiry sweep failed, retrying: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        releasers.shutdownNow();
    }
}
