package shoplab.services.order;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.OrderEvent;
import shoplab.services.common.QueueConsumer;
import shoplab.services.common.Retry;
import shoplab.services.common.SiteLease;
import tools.jackson.databind.ObjectMapper;

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
final class OrderWriter extends QueueConsumer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrderWriter.class);

    private final OrderTable table;
    private final TransactionTemplate tx;
    private final OrderBuffer buffer;
    private final ObjectMapper json;
    private final AtomicLong applied = new AtomicLong();

    OrderWriter(Consumer<String, String> consumer, OrderTable table, TransactionTemplate tx, OrderBuffer buffer,
                ObjectMapper json, SiteLease lease) {
        super("order-writer", consumer, lease, List.of(OrderEvent.TOPIC));
        this.table = table;
        this.tx = tx;
        this.buffer = buffer;
        this.json = json;
    }

    /** Order steps written to the database so far. */
    long applied() {
        return applied.get();
    }

    /** The poll being applied, parsed once: for the database, then for the buffer (consumer thread only). */
    private List<OrderEvent> batch = List.of();

    @Override
    protected void apply(ConsumerRecords<String, String> records) {
        batch = events(records);
        apply(batch);
    }

    /**
     * The buffer learns which step of each order the database now has. Best effort: a Redis that stays away
     * past the retries leaves those orders unstored in the buffer, which sends them again (the rows take them once).
     */
    @Override
    protected void committed(ConsumerRecords<String, String> records) {
        List<OrderEvent> batch = this.batch;
        applied.addAndGet(batch.size());
        try {
            Retry.whileRunning(this::running, () -> batch.forEach(e ->
                    buffer.stored(e.orderId(), OrderEvent.PLACED.equals(e.type()) ? "HELD" : e.type())));
        } catch (RuntimeException e) {
            LOG.warn("the order buffer did not learn of {} stored step(s); they will be delivered again: {}", batch.size(), e.toString());
        }
    }

    /** Order steps on the queue this writer has not put in the database yet, as of its last poll. */
    private volatile long queueLag;

    long queueLag() {
        return queueLag;
    }

    @Override
    protected void polled() {
        Long lag = lag(OrderEvent.TOPIC);
        if (lag != null) {
            queueLag = lag;
        }
    }

    private List<OrderEvent> events(ConsumerRecords<String, String> records) {
        List<OrderEvent> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            batch.add(json.readValue(r.value(), OrderEvent.class));
        }
        return batch;
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
}
