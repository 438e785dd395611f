package shoplab.services.inventory;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.OrderEvent;
import shoplab.services.common.QueueConsumer;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes stock change records (and, on the queued order path, the order queue's placements and releases)
 * and applies each poll's batch to the DB in one transaction: one UPDATE
 * per SKU for the summed delta, the purchase rows inserted or released. Offsets are committed after the
 * DB commit, so delivery is at least once; the purchase rows make the effect exactly once (a replayed
 * deduction finds its row, a replayed release finds it released).
 */
final class StockWorker extends QueueConsumer {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StockTables tables;
    private final ObjectMapper json;
    private final AtomicLong applied = new AtomicLong();
    /** Also the order queue's steps (the queued order path: its orders take and release units). */
    private final boolean orderQueue;
    /** Order-queue steps on the broker this worker has not applied yet, as of its last poll. */
    private volatile long orderQueueLag;

    StockWorker(Consumer<String, String> consumer, JdbcTemplate jdbc, TransactionTemplate tx, StockTables tables,
                ObjectMapper json, shoplab.services.common.SiteLease lease) {
        this(consumer, jdbc, tx, tables, json, lease, false);
    }

    StockWorker(Consumer<String, String> consumer, JdbcTemplate jdbc, TransactionTemplate tx, StockTables tables,
                ObjectMapper json, shoplab.services.common.SiteLease lease, boolean orderQueue) {
        super("stock-worker", consumer, lease, orderQueue ? List.of(StockChange.TOPIC, OrderEvent.TOPIC) : List.of(StockChange.TOPIC));
        this.orderQueue = orderQueue;
        this.jdbc = jdbc;
        this.tx = tx;
        this.tables = tables;
        this.json = json;
    }

    /** Stock change records applied (not the order queue's steps). */
    long applied() {
        return applied.get();
    }

    /** The order queue's steps not applied yet (0 without the order queue). */
    long orderQueueLag() {
        return orderQueueLag;
    }

    @Override
    protected void apply(ConsumerRecords<String, String> records) {
        List<StockChange> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            StockChange c = change(r);
            if (c != null) {
                batch.add(c);
            }
        }
        apply(batch);
    }

    @Override
    protected void committed(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> r : records.records(StockChange.TOPIC)) {
            applied.incrementAndGet();
        }
    }

    /** The order queue's lag as of this poll (the last known while none of its partitions is assigned). */
    @Override
    protected void polled() {
        Long lag = orderQueue ? lag(OrderEvent.TOPIC) : null;
        if (lag != null) {
            orderQueueLag = lag;
        }
    }

    /** A record of either queue as the stock change it is (an order's payment changes no stock: null). */
    private StockChange change(ConsumerRecord<String, String> r) {
        if (!OrderEvent.TOPIC.equals(r.topic())) {
            return json.readValue(r.value(), StockChange.class);
        }
        OrderEvent e = json.readValue(r.value(), OrderEvent.class);
        return switch (e.type()) {
            case OrderEvent.PLACED -> new StockChange(StockChange.DEDUCT, e.orderId(), e.sku(), e.user(), e.qty());
            case OrderEvent.RELEASED -> new StockChange(StockChange.RELEASE, e.orderId(), e.sku(), e.user(), e.qty());
            default -> null;
        };
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
                if (!StockChange.RELEASE.equals(c.type())) {
                    continue;
                }
                if (tables.claimRelease(c.orderId(), c.sku()) > 0) {
                    deltas.merge(c.sku(), c.delta(), Long::sum);
                } else {
                    // Released before its deduction reached us (the deduction's send failed and comes again later,
                    // seen under CI load): closed, so the late deduction finds the order and takes nothing.
                    tables.closeUnknown(c.orderId(), c.sku());
                }
            }
            deltas.forEach((sku, delta) -> {
                if (delta != 0) {
                    tables.addStock(sku, delta);
                }
            });
        });
    }

}
