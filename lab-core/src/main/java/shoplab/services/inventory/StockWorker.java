package shoplab.services.inventory;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;
import shoplab.services.common.Retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes stock change records and applies each poll's batch to the DB in one transaction: one UPDATE
 * per SKU for the summed delta, the purchase rows inserted or released. Offsets are committed after the
 * DB commit, so delivery is at least once; the purchase rows make the effect exactly once (a replayed
 * deduction finds its row, a replayed release finds it released).
 */
final class StockWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StockWorker.class);

    private final Consumer<String, String> consumer;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StockTables tables;
    private final ObjectMapper json;
    private final AtomicLong applied = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private final shoplab.services.common.SiteLease lease;

    StockWorker(Consumer<String, String> consumer, JdbcTemplate jdbc, TransactionTemplate tx, StockTables tables,
                ObjectMapper json, shoplab.services.common.SiteLease lease) {
        this.lease = lease;
        this.consumer = consumer;
        this.jdbc = jdbc;
        this.tx = tx;
        this.tables = tables;
        this.json = json;
        this.thread = new Thread(this::loop, "stock-worker");
        this.thread.setDaemon(true);
    }

    void start() {
        consumer.subscribe(List.of(StockChange.TOPIC));
        thread.start();
    }

    long applied() {
        return applied.get();
    }

    private void loop() {
        try {
            while (running) {
                if (!lease.writable()) { // fenced or standby: leave the changes in the queue for when it may write
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                    continue;
                }
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                List<StockChange> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<String, String> r : records) {
                    batch.add(json.readValue(r.value(), StockChange.class));
                }
                applyWithRetry(batch);
                consumer.commitSync(Duration.ofSeconds(10));
                applied.addAndGet(batch.size());
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("stock worker stopped: {}", e.toString());
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The DB may be briefly unreachable (a fault): retry the same batch, bounded, rather than drop it. */
    private void applyWithRetry(List<StockChange> batch) {
        Retry.whileRunning(() -> running, () -> apply(batch));
    }

    void apply(List<StockChange> batch) {
        tx.executeWithoutResult(status -> {
            Map<String, Long> deltas = new TreeMap<>();
            List<StockChange> deducts = batch.stream().filter(c -> StockChange.DEDUCT.equals(c.type())).toList();
            if (!deducts.isEmpty()) {
                // A replayed batch (the worker died between the DB commit and the offset commit) finds its
                // purchases already there: only newly inserted ones move the stock, so each change counts once.
                int[] inserted = jdbc.batchUpdate("INSERT INTO purchase (order_id, sku, user_id, qty, status) "
                                + "SELECT ?, ?, ?, ?, 'HELD' FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM purchase WHERE order_id = ?)",
                        deducts.stream().map(c -> new Object[]{c.orderId(), c.sku(), c.user(), c.qty(), c.orderId()}).toList());
                for (int i = 0; i < inserted.length; i++) {
                    if (inserted[i] > 0) {
                        deltas.merge(deducts.get(i).sku(), deducts.get(i).delta(), Long::sum);
                    }
                }
            }
            for (StockChange c : batch) {
                if (StockChange.RELEASE.equals(c.type()) && tables.claimRelease(c.orderId(), c.sku()) > 0) {
                    deltas.merge(c.sku(), c.delta(), Long::sum);
                }
            }
            deltas.forEach((sku, delta) -> {
                if (delta != 0) {
                    tables.addStock(sku, delta);
                }
            });
        });
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
