package shoplab.services.order;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.services.common.OrderEvent;
import shoplab.services.common.SiteLease;
import tools.jackson.databind.ObjectMapper;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The note's order path (stock strategy {@code redis-mq}): a buy is one script in Redis (the unit, the
 * per-user limit, the order in the buffer) and a message on the order queue, answered at once with the
 * queued order's id; no database write and no call to another service on the way. The {@link OrderWriter}
 * puts the orders into the database in batches; the inventory's stock worker takes the same messages for the
 * stock rows. Payments and hold expiry are decided in the buffer too, and follow on the same queue.
 *
 * <p>The send is not awaited: the buffer is the record. Whatever the database has not had for
 * {@link #REDELIVER_AFTER_MS} (a send that failed, a writer that was down) is sent again, and the writer's
 * effect is exactly once.
 */
final class QueuedOrders implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedOrders.class);

    /** How long a step may stay out of the database before it is sent again (well past a busy writer's lag). */
    static final long REDELIVER_AFTER_MS = 10_000;
    private static final int SWEEP_BATCH = 500;

    private final OrderBuffer buffer;
    private final Producer<String, String> producer;
    private final OrderWriter writer;
    private final ObjectMapper json;
    private final SiteLease lease;
    private final int perUserLimit;
    private final long holdMillis;
    private final String prefix;
    private final AtomicLong seq;
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "order-buffer-sweep");
        t.setDaemon(true);
        return t;
    });
    private final AutoCloseable resources;

    QueuedOrders(OrderBuffer buffer, Producer<String, String> producer, OrderWriter writer, ObjectMapper json,
                 SiteLease lease, int perUserLimit, long holdMillis, String prefix, long lastSeqInDb, AutoCloseable resources) {
        this.buffer = buffer;
        this.producer = producer;
        this.writer = writer;
        this.json = json;
        this.lease = lease;
        this.perUserLimit = perUserLimit;
        this.holdMillis = holdMillis;
        this.prefix = prefix;
        this.resources = resources;
        this.seq = new AtomicLong(Math.max(lastSeqInDb, buffer.lastSeq(prefix))); // queued orders are not in the DB yet
        writer.start();
        sweeper.scheduleWithFixedDelay(this::sweep, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** A placement's outcome: the order id when placed. */
    record Placement(OrderBuffer.Placed result, String orderId) {
    }

    Placement place(String user, String sku, int qty) {
        long n = seq.incrementAndGet();
        String orderId = OrderTable.orderId(prefix, n, user);
        long now = System.currentTimeMillis();
        long holdUntil = now + holdMillis;
        OrderBuffer.Placed r = buffer.place(prefix, n, orderId, user, sku, qty, perUserLimit, now, holdUntil);
        if (r == OrderBuffer.Placed.OK) {
            send(new OrderEvent(OrderEvent.PLACED, orderId, user, sku, qty, now, holdUntil, n));
        }
        return new Placement(r, orderId);
    }

    OrderBuffer.Paid pay(String orderId) {
        long now = System.currentTimeMillis();
        OrderBuffer.Paid r = buffer.pay(orderId, now);
        if (r == OrderBuffer.Paid.OK) {
            send(step(OrderEvent.PAID, orderId, buffer.get(orderId), now));
        }
        return r;
    }

    /** The order as the buffer has it (empty: not here). */
    Map<String, String> get(String orderId) {
        return buffer.get(orderId);
    }

    private void send(OrderEvent e) {
        producer.send(new ProducerRecord<>(OrderEvent.TOPIC, e.orderId(), json.writeValueAsString(e)), (meta, failure) -> {
            if (failure != null) {
                sendFailures.incrementAndGet(); // the buffer still has it: redelivered
                LOG.debug("order queue send of {} failed, to be redelivered: {}", e.orderId(), failure.toString());
            }
        });
    }

    /** Releases the holds that ended, and sends again what the database has not had for too long. */
    private void sweep() {
        if (!lease.writable()) {
            return; // a fenced or standby data center's buffer waits for the active one
        }
        try {
            long now = System.currentTimeMillis();
            for (String id : buffer.holdsEndedBy(now, SWEEP_BATCH)) {
                Map<String, String> o = buffer.get(id);
                if (!o.isEmpty() && buffer.expire(id, o.get("sku"), now) > 0) {
                    send(step(OrderEvent.RELEASED, id, o, now));
                }
            }
            for (String id : buffer.unstoredSince(now - REDELIVER_AFTER_MS, SWEEP_BATCH)) {
                redeliver(id);
            }
        } catch (RuntimeException e) {
            LOG.debug("order buffer sweep failed, retrying: {}", e.toString());
        }
    }

    /** Sends the order's steps again, in order (the writer skips what it has). */
    private void redeliver(String id) {
        Map<String, String> o = buffer.get(id);
        if (o.isEmpty()) {
            return;
        }
        send(new OrderEvent(OrderEvent.PLACED, id, o.get("user"), o.get("sku"), Integer.parseInt(o.get("qty")),
                Long.parseLong(o.get("at")), Long.parseLong(o.get("holdUntil")), Long.parseLong(o.get("seq"))));
        switch (o.get("status")) {
            case OrderBuffer.PAID -> send(step(OrderEvent.PAID, id, o, Long.parseLong(o.get("paidAt"))));
            case OrderBuffer.RELEASED -> send(step(OrderEvent.RELEASED, id, o, Long.parseLong(o.get("releasedAt"))));
            default -> {
            }
        }
        redelivered.incrementAndGet();
    }

    /** A payment's or a release's step of a buffered order ({@code o}: its fields), taken at {@code at}. */
    private static OrderEvent step(String type, String id, Map<String, String> o, long at) {
        return new OrderEvent(type, id, o.get("user"), o.get("sku"), Integer.parseInt(o.get("qty")), at, 0, 0);
    }

    /** The queued path's figures: steps the database does not have yet, sends that failed, redeliveries. */
    Map<String, Object> figures() {
        return Map.of("unstored", buffer.unstored(), "sendFailures", sendFailures.get(), "redelivered", redelivered.get(),
                "written", writer.applied());
    }

    /** Order steps on the queue the writer has not put in the database yet. */
    long queueLag() {
        return writer.queueLag();
    }

    /** Every order in the buffer, id to status. */
    Map<String, String> statuses() {
        return buffer.statuses();
    }

    @Override
    public void close() throws Exception {
        sweeper.shutdownNow();
        writer.close();
        resources.close();
    }
}
