package shoplab.services.order;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.OrderEvent;
import shoplab.services.common.Retry;
import shoplab.services.common.SiteLease;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order writer of the queued path: consumes the order queue and applies each poll's batch to the order
 * database in one transaction (rows inserted per shard in one batch, payments and releases as updates), then
 * tells the buffer which steps the database has. Offsets are committed after the database commit: delivery
 * is at least once, and the rows make the effect exactly once (a replayed order finds its row, a replayed
 * payment or release finds the status it set).
 */
final class OrderWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderWriter.class);

    private final Consumer<String, String> consumer;
    private final OrderTable table;
    private final TransactionTemplate tx;
    private final OrderBuffer buffer;
    private final ObjectMapper json;
    private final SiteLease lease;
    private final AtomicLong applied = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    OrderWriter(Consumer<String, String> consumer, OrderTable table, TransactionTemplate tx, OrderBuffer buffer,
                ObjectMapper json, SiteLease lease) {
        this.consumer = consumer;
        this.table = table;
        this.tx = tx;
        this.buffer = buffer;
        this.json = json;
        this.lease = lease;
        this.thread = new Thread(this::loop, "order-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        consumer.subscribe(List.of(OrderEvent.TOPIC));
        thread.start();
    }

    /** Order steps written to the database so far. */
    long applied() {
        return applied.get();
    }

    private void loop() {
        try {
            while (running) {
                if (!lease.writable()) { // fenced or standby: the steps wait in the queue
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                    continue;
                }
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                List<OrderEvent> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<String, String> r : records) {
                    batch.add(json.readValue(r.value(), OrderEvent.class));
                }
                Retry.whileRunning(() -> running, () -> apply(batch));
                consumer.commitSync(Duration.ofSeconds(10));
                Retry.whileRunning(() -> running, () -> tellBuffer(batch));
                applied.addAndGet(batch.size());
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("order writer stopped: {}", e.toString());
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** One transaction: new orders first (a payment or release in the same batch finds its row), then the updates. */
    void apply(List<OrderEvent> batch) {
        long storedAt = System.currentTimeMillis();
        List<OrderTable.Row> rows = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        List<Long> holds = new ArrayList<>();
        for (OrderEvent e : batch) {
            if (OrderEvent.PLACED.equals(e.type())) {
                rows.add(new OrderTable.Row(e.orderId(), e.user(), e.sku(), e.qty(), "HELD", e.at(), storedAt, null));
                seqs.add(e.seq());
                holds.add(e.holdUntil());
            }
        }
        tx.executeWithoutResult(status -> {
            if (!rows.isEmpty()) {
                table.insertHeldOnce(rows, seqs, holds, storedAt);
            }
            for (OrderEvent e : batch) {
                switch (e.type()) {
                    case OrderEvent.PAID -> table.pay(e.orderId(), null);
                    case OrderEvent.RELEASED -> table.released(e.orderId(), e.at());
                    default -> {
                    }
                }
            }
        });
    }

    /** The buffer learns which step of each order the database now has. */
    private void tellBuffer(List<OrderEvent> batch) {
        for (OrderEvent e : batch) {
            buffer.stored(e.orderId(), switch (e.type()) {
                case OrderEvent.PLACED -> "HELD";
                default -> e.type();
            });
        }
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
