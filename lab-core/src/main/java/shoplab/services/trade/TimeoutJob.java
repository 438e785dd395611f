package shoplab.services.trade;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.OrderStatus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The order-timeout job: every period, closes the CREATED and PAYING orders past their deadline (at most
 * {@link #BATCH} per run) and gives back their stock and coupon; then retries the effects still owed
 * ({@link Effects#retryDue}). The close is a conditional UPDATE ({@code WHERE status = <read>}), so a
 * payment that won the race keeps its order, and a payment that loses it is refunded when its notice
 * comes. Each close records how late it happened after the deadline: the job's precision. One daemon
 * thread, stopped when the context closes.
 */
final class TimeoutJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TimeoutJob.class);

    static final int BATCH = 500;

    private final TradeDb db;
    private final TransactionTemplate tx;
    private final Effects effects;
    private final long retryAfterMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trade-order-timeout");
        t.setDaemon(true);
        return t;
    });

    private final shoplab.services.common.SiteLease lease;

    TimeoutJob(TradeDb db, TransactionTemplate tx, Effects effects, long periodMs, long retryAfterMs,
               shoplab.services.common.SiteLease lease) {
        this.lease = lease;
        this.db = db;
        this.tx = tx;
        this.effects = effects;
        this.retryAfterMs = retryAfterMs;
        timer.scheduleWithFixedDelay(this::run, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    void run() {
        if (!lease.writable()) {
            return; // a fenced or standby data center's job pauses: the active one's runs
        }
        try {
            closeDue();
            effects.retryDue(System.currentTimeMillis() - retryAfterMs);
        } catch (RuntimeException e) {
            LOG.debug("order timeout run failed, next run retries: {}", e.toString());
        }
    }

    void closeDue() {
        List<Map<String, Object>> due = db.jdbc().queryForList("SELECT order_id, status, deadline_at FROM trade_order "
                + "WHERE status IN ('CREATED', 'PAYING') AND deadline_at <= ? ORDER BY deadline_at LIMIT " + BATCH,
                System.currentTimeMillis());
        for (Map<String, Object> o : due) {
            String id = (String) o.get("order_id");
            OrderStatus from = OrderStatus.valueOf((String) o.get("status"));
            long deadline = ((Number) o.get("deadline_at")).longValue();
            Boolean closed = tx.execute(s -> {
                long now = System.currentTimeMillis();
                if (!db.setStatusIf(id, from, OrderStatus.CLOSED, now)) {
                    return false; // paid (or cancelled) meanwhile
                }
                db.jdbc().update("UPDATE trade_order SET ended_at = ?, close_lateness_ms = ? WHERE order_id = ?",
                        now, Math.max(0, now - deadline), id);
                return true;
            });
            if (Boolean.TRUE.equals(closed)) {
                effects.restore(id);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(2, TimeUnit.SECONDS);
    }
}
