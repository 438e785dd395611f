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
 * Releases the stock of orders whose hold expired (the buyer abandoned). Claims each order first
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

    public HoldExpiry(JdbcTemplate jdbc, InventoryClient inventory, shoplab.services.common.SiteLease lease) {
        this.jdbc = jdbc;
        this.inventory = inventory;
        this.lease = lease;
        timer.scheduleWithFixedDelay(this::sweep, 100, 100, TimeUnit.MILLISECONDS);
    }

    void sweep() {
        if (!lease.writable()) {
            return; // a fenced or standby data center's job pauses: the active one's runs
        }
        try {
            List<Map<String, Object>> due = jdbc.queryForList(
                    "SELECT order_id, sku, status FROM orders WHERE (status = 'HELD' AND hold_until < ?) "
                            + "OR status = 'RELEASING' ORDER BY hold_until LIMIT 200", System.currentTimeMillis());
            for (Map<String, Object> o : due) {
                String id = (String) o.get("order_id");
                if ("HELD".equals(o.get("status"))
                        && jdbc.update("UPDATE orders SET status = 'RELEASING', releasing_at = ? WHERE order_id = ? AND status = 'HELD'",
                        System.currentTimeMillis(), id) == 0) {
                    continue; // paid meanwhile
                }
                InventoryClient.Answer a = inventory.release(id, (String) o.get("sku"));
                if (a.status() == 200) {
                    jdbc.update("UPDATE orders SET status = 'RELEASED' WHERE order_id = ? AND status = 'RELEASING'", id);
                }
            }
        } catch (Exception e) {
            LOG.debug("hold expiry sweep failed, retrying: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
