package shoplab.services.order;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Releases the stock of orders whose hold expired (the buyer abandoned). Claims the expired orders first
 * (HELD -> RELEASING) so a payment racing the expiry either wins before the claim or is refused after it;
 * the inventory's release is idempotent, so a claim left behind by a failure is simply retried.
 */
@Component
public class HoldExpiry implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(HoldExpiry.class);

    private final JdbcTemplate jdbc;
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

    public HoldExpiry(JdbcTemplate jdbc, InventoryClient inventory, shoplab.services.common.SiteLease lease, StockHold hold) {
        this.hold = hold;
        this.jdbc = jdbc;
        this.inventory = inventory;
        this.lease = lease;
        timer.scheduleWithFixedDelay(this::sweep, 100, 100, TimeUnit.MILLISECONDS);
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
            long now = System.currentTimeMillis();
            // Every expired hold claimed in one statement: a pay either commits before it or finds the order RELEASING.
            jdbc.update("UPDATE orders SET status = 'RELEASING', releasing_at = ? WHERE status = 'HELD' AND hold_until < ?", now, now);
            List<Map<String, Object>> due = jdbc.queryForList(
                    "SELECT order_id, sku FROM orders WHERE status = 'RELEASING' ORDER BY hold_until LIMIT 200");
            // Releases in parallel: after an overload thousands of holds of buyers who gave up expire together,
            // and one at a time (each a few commits, semi-synchronous ones after a failover) they took minutes.
            List<java.util.concurrent.Future<?>> pending = new java.util.ArrayList<>();
            for (Map<String, Object> o : due) {
                String id = (String) o.get("order_id");
                pending.add(releasers.submit(() -> {
                    InventoryClient.Answer a = inventory.release(id, (String) o.get("sku"));
                    if (a.status() == 200) {
                        jdbc.update("UPDATE orders SET status = 'RELEASED' WHERE order_id = ? AND status = 'RELEASING'", id);
                    }
                    return null;
                }));
            }
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
