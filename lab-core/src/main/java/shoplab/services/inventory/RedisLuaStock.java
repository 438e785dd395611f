package shoplab.services.inventory;

import shoplab.services.common.RedisScript;
import shoplab.services.common.Safeguards;

import io.lettuce.core.api.sync.RedisCommands;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.ObjectMapper;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The architecture's design: one Lua script checks the stock and the per-user limit and pre-deducts in
 * Redis atomically; the change goes to Kafka; {@link StockWorker} writes the DB in batches. The DB sees
 * one stock-row write per batch instead of one per unit.
 */
final class RedisLuaStock implements StockStrategy {

    private final RedisCommands<String, String> redis;
    private final Producer<String, String> producer;
    private final ObjectMapper json;
    private final int perUserLimit;
    private final RedisScript deductScript;
    private final RedisScript releaseScript;
    private final AtomicLong published = new AtomicLong();
    private final StockWorker worker;
    private final long waitMs;
    private final java.util.function.Supplier<RedisCommands<String, String>> ownConnection;
    private final AtomicLong waitFallbacks = new AtomicLong();

    /**
     * @param waitMs        semi-sync: how long a deduction waits for a replica ({@code WAIT 1}); 0: async
     * @param ownConnection the calling thread's own connection, for a deduction that waits: {@code WAIT} blocks
     *                      the connection it is sent on, and on the shared one every deduction would queue
     *                      behind every other's wait
     */
    RedisLuaStock(RedisCommands<String, String> redis, Producer<String, String> producer, ObjectMapper json,
                  int perUserLimit, StockWorker worker, Safeguards safeguards, long waitMs,
                  java.util.function.Supplier<RedisCommands<String, String>> ownConnection) {
        this.waitMs = waitMs;
        this.ownConnection = ownConnection;
        this.redis = redis;
        this.producer = producer;
        this.json = json;
        this.perUserLimit = perUserLimit;
        this.worker = worker;
        this.deductScript = new RedisScript(redis, StockScripts.deduct(safeguards));
        this.releaseScript = new RedisScript(redis, StockScripts.RELEASE_LUA);
    }

    static String stockKey(String sku) {
        return StockScripts.deductKeys(sku)[0];
    }

    @Override
    public Deduction deduct(String orderId, String user, String sku, int qty) {
        RedisCommands<String, String> on = waitMs > 0 ? ownConnection.get() : redis;
        long r = deductScript.run(on, StockScripts.deductKeys(sku), user, String.valueOf(perUserLimit), orderId,
                String.valueOf(qty));
        if (r == -3) {
            return Deduction.ORDER_CLOSED;
        }
        if (r == -2) {
            return Deduction.LIMIT_REACHED;
        }
        if (r == -1) {
            return Deduction.SOLD_OUT;
        }
        if (waitMs > 0 && on.waitForReplication(1, waitMs) < 1) {
            waitFallbacks.incrementAndGet(); // no replica has it yet: semi-sync falls back to async, as MariaDB's does
        }
        publish(new StockChange(StockChange.DEDUCT, orderId, sku, user, qty));
        return Deduction.OK;
    }

    @Override
    public boolean release(String orderId, String sku) {
        String[] keys = StockScripts.releaseKeys(sku);
        long qty = releaseScript.run(redis, keys, orderId);
        if (qty == 0) {
            return false;
        }
        // Released now (qty > 0) or before without a confirmed publication (< 0): the DB must hear of it either
        // way. A failure here is a 500; the caller's retry finds -qty and publishes again.
        publish(new StockChange(StockChange.RELEASE, orderId, sku, "", (int) Math.abs(qty)));
        redis.hset(keys[1], orderId, "0"); // confirmed: a plain closed order from now on
        return true;
    }

    /**
     * Waits for the broker's acknowledgement: a change Redis made but the queue lost would leave the DB
     * wrong for good. Kafka batches the concurrent sends (linger), so the wait is short.
     */
    private void publish(StockChange change) {
        try {
            producer.send(new ProducerRecord<>(StockChange.TOPIC, change.sku(), json.writeValueAsString(change)))
                    .get(10, TimeUnit.SECONDS);
            published.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + change.orderId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the queue did not take the change of " + change.orderId(), e);
        }
    }

    @Override
    public Long cachedStock(String sku) {
        String v = redis.get(stockKey(sku));
        return v == null ? null : Long.parseLong(v);
    }

    /** Deductions no Redis replica acknowledged within the wait (semi-sync fell back to async for them). */
    @Override
    public long replicationFallbacks() {
        return waitFallbacks.get();
    }

    @Override
    public long queueLag() {
        return published.get() - worker.applied() + worker.orderQueueLag();
    }

    /**
     * Redis is the admission gate: after a failover its keys are set from the arbiter. No MULTI on this shared
     * connection, and none needed: it runs mid-switch, when the data center holds no lease and nobody buys.
     */
    @Override
    public void reconcile(String sku, long stock, java.util.Map<String, Integer> held, java.util.Map<String, Integer> bought) {
        String[] keys = StockScripts.deductKeys(sku); // stock, bought-by-user, held-orders
        redis.del(keys[1]);
        if (!bought.isEmpty()) {
            redis.hset(keys[1], asStrings(bought));
        }
        // Every order Redis knew and the arbiter does not hold is closed (0), not forgotten: a deduction of it
        // still in flight must be refused, as after any release.
        java.util.Map<String, String> orders = new java.util.HashMap<>();
        redis.hkeys(keys[2]).forEach(order -> orders.put(order, "0"));
        orders.putAll(asStrings(held));
        redis.del(keys[2]);
        if (!orders.isEmpty()) {
            redis.hset(keys[2], orders);
        }
        redis.set(keys[0], String.valueOf(stock));
    }

    private static java.util.Map<String, String> asStrings(java.util.Map<String, Integer> m) {
        java.util.Map<String, String> s = new java.util.HashMap<>();
        m.forEach((k, v) -> s.put(k, String.valueOf(v)));
        return s;
    }
}
