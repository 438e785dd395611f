package shoplab.services.trade;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import shoplab.services.product.SaleMessage;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the sales of shipped orders to Kafka ({@link SaleMessage#TOPIC}) for the product service, which
 * adds them up in Redis. A shipment writes its message into {@code sales_outbox} in the shipping
 * transaction; this publisher sends unsent rows, waits for the broker's acknowledgement, then marks them
 * sent. A broker that is down delays sales, never loses them (the rows wait); a row sent twice (acked,
 * then the mark failed) is ignored by the consumer, which counts each message id once. One thread, woken
 * after each shipment and every {@link #PERIOD_MS} anyway; stopped when the context closes.
 *
 * <p>Without a producer (tests that run no Kafka) the rows stay in the outbox and show as pending.
 */
final class SalesOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SalesOutbox.class);

    static final long PERIOD_MS = 200;
    static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Producer<String, String> producer;
    private final AtomicBoolean woken = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trade-sales-outbox");
        t.setDaemon(true);
        return t;
    });

    private final shoplab.services.common.SiteLease lease;

    SalesOutbox(JdbcTemplate jdbc, ObjectMapper json, Producer<String, String> producer, shoplab.services.common.SiteLease lease) {
        this.lease = lease;
        this.jdbc = jdbc;
        this.json = json;
        this.producer = producer;
        if (producer != null) {
            thread.scheduleWithFixedDelay(this::drain, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** A shipment committed: send soon. */
    void wake() {
        if (producer != null && woken.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                woken.set(false);
            }
        }
    }

    private void drain() {
        woken.set(false);
        if (!lease.writable()) {
            return; // a fenced or standby data center's relay pauses: the active one's sends
        }
        try {
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, message_id, order_id, sku, units, notify_id "
                    + "FROM sales_outbox WHERE sent_at IS NULL ORDER BY id LIMIT " + BATCH);
            if (rows.isEmpty()) {
                return;
            }
            List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
            for (Map<String, Object> r : rows) {
                SaleMessage m = new SaleMessage((String) r.get("message_id"), (String) r.get("order_id"), (String) r.get("sku"),
                        ((Number) r.get("units")).intValue(), (String) r.get("notify_id"));
                sent.add(producer.send(new ProducerRecord<>(SaleMessage.TOPIC, m.orderId(), json.writeValueAsString(m))));
            }
            producer.flush();
            long now = System.currentTimeMillis();
            List<Object[]> acked = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                try {
                    sent.get(i).get(0, TimeUnit.MILLISECONDS); // flushed: done or failed
                    acked.add(new Object[]{now, rows.get(i).get("id")});
                } catch (Exception e) {
                    LOG.debug("sale {} not sent yet: {}", rows.get(i).get("message_id"), e.toString());
                }
            }
            jdbc.batchUpdate("UPDATE sales_outbox SET sent_at = ? WHERE id = ?", acked);
            if (rows.size() == BATCH) {
                wake();
            }
        } catch (RuntimeException e) {
            LOG.debug("sales outbox run failed, retried: {}", e.toString());
        }
    }

    long unsent() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sales_outbox WHERE sent_at IS NULL", Long.class);
    }

    long sent() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sales_outbox WHERE sent_at IS NOT NULL", Long.class);
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(2, TimeUnit.SECONDS);
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
