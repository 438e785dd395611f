package shoplab.services.order;

import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import shoplab.services.common.RedisScript;
import shoplab.services.common.Safeguards;
import shoplab.services.inventory.StockScripts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Redis order buffer of the queued order path: the order's state machine lives here, the database
 * follows through the order queue. One script takes a unit, checks the per-user limit and writes the order
 * (the stock keys are the inventory's, {@link StockScripts}); the buyer reads the status here.
 *
 * <p>Keys: {@code order:<id>} (user, sku, qty, status, at, holdUntil, seq, stored), {@code orders-of:<user>}
 * (the user's order ids), {@code holds} (unpaid orders by hold end, for the expiry), {@code unstored} (orders
 * whose latest step the database does not have yet, by the step's time: the drain figure and what is
 * delivered again), {@code seq:<prefix>} (the highest sequence number used). Statuses: QUEUED (acknowledged,
 * not in the database yet) -> CREATED (in it, held) -> PAID or RELEASED.
 */
final class OrderBuffer {

    static final String QUEUED = "QUEUED";
    static final String CREATED = "CREATED";
    static final String PAID = "PAID";
    static final String RELEASED = "RELEASED";

    /** What placing answered. */
    enum Placed { OK, SOLD_OUT, LIMIT_REACHED, ORDER_CLOSED, UNKNOWN_SKU }

    /** What paying answered. */
    enum Paid { OK, UNKNOWN, ALREADY_PAID, RELEASED, EXPIRED }

    private static final String HOLDS = "holds";
    private static final String UNSTORED = "unstored";

    /**
     * KEYS: stock, bought, held (the inventory's), order, orders-of, holds, unstored, seq.
     * ARGV: user, limit, orderId, qty (the deduction's), sku, now, holdUntil, seq.
     */
    private static String placeScript(Safeguards on) {
        return "if redis.call('EXISTS', KEYS[1]) == 0 then return -4 end\n"
                + StockScripts.deductSteps(on)
                + "redis.call('HSET', KEYS[4], 'user', ARGV[1], 'sku', ARGV[5], 'qty', qty, 'status', 'QUEUED', "
                + "'at', ARGV[6], 'holdUntil', ARGV[7], 'seq', ARGV[8], 'stored', '')\n"
                + "redis.call('SADD', KEYS[5], ARGV[3])\n"
                + "redis.call('ZADD', KEYS[6], ARGV[7], ARGV[3])\n"
                + "redis.call('ZADD', KEYS[7], ARGV[6], ARGV[3])\n"
                + "if tonumber(redis.call('GET', KEYS[8]) or '0') < tonumber(ARGV[8]) then redis.call('SET', KEYS[8], ARGV[8]) end\n"
                + "return stock - qty\n";
    }

    /** KEYS: order, holds, unstored. ARGV: orderId, now. 1 paid, -1 unknown, -2 paid already, -3 released, -4 expired. */
    private static final String PAY = """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status then return -1 end
            if status == 'PAID' then return -2 end
            if status == 'RELEASED' then return -3 end
            if tonumber(redis.call('HGET', KEYS[1], 'holdUntil')) < tonumber(ARGV[2]) then return -4 end
            redis.call('HSET', KEYS[1], 'status', 'PAID', 'paidAt', ARGV[2])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
            return 1
            """;

    /**
     * KEYS: order, stock, held, holds, unstored. ARGV: orderId, now. The units released (0: nothing to do, the
     * order was paid or released, or its hold lasts). The unit goes back to the stock at once, in Redis.
     */
    private static final String EXPIRE = """
            local status = redis.call('HGET', KEYS[1], 'status')
            if status ~= 'QUEUED' and status ~= 'CREATED' then redis.call('ZREM', KEYS[4], ARGV[1]) return 0 end
            if tonumber(redis.call('HGET', KEYS[1], 'holdUntil')) >= tonumber(ARGV[2]) then return 0 end
            local qty = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
            redis.call('HSET', KEYS[3], ARGV[1], 0)
            if qty > 0 then redis.call('INCRBY', KEYS[2], qty) end
            redis.call('HSET', KEYS[1], 'status', 'RELEASED', 'releasedAt', ARGV[2])
            redis.call('ZREM', KEYS[4], ARGV[1])
            redis.call('ZADD', KEYS[5], ARGV[2], ARGV[1])
            return qty
            """;

    /**
     * KEYS: order, unstored. ARGV: orderId, the step the database now has (HELD, PAID, RELEASED). A queued
     * order becomes CREATED; once the database has the order's latest step, it leaves the unstored set.
     */
    private static final String STORED = """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status then return 0 end
            redis.call('HSET', KEYS[1], 'stored', ARGV[2])
            if status == 'QUEUED' and ARGV[2] == 'HELD' then status = 'CREATED' redis.call('HSET', KEYS[1], 'status', status) end
            if (status == 'CREATED' and ARGV[2] == 'HELD') or status == ARGV[2] then redis.call('ZREM', KEYS[2], ARGV[1]) end
            return 1
            """;

    private final RedisCommands<String, String> redis;
    private final RedisScript place;
    private final RedisScript pay;
    private final RedisScript expire;
    private final RedisScript stored;

    OrderBuffer(RedisCommands<String, String> redis, Safeguards safeguards) {
        this.redis = redis;
        this.place = new RedisScript(redis, placeScript(safeguards));
        this.pay = new RedisScript(redis, PAY);
        this.expire = new RedisScript(redis, EXPIRE);
        this.stored = new RedisScript(redis, STORED);
    }

    private static String order(String id) {
        return "order:" + id;
    }

    /** The highest sequence number {@code prefix} used here (0: none). */
    long lastSeq(String prefix) {
        String v = redis.get("seq:" + prefix);
        return v == null ? 0 : Long.parseLong(v);
    }

    Placed place(String prefix, long seq, String orderId, String user, String sku, int qty, int limit, long now, long holdUntil) {
        String[] stock = StockScripts.deductKeys(sku);
        long r = place.run(redis, new String[]{stock[0], stock[1], stock[2], order(orderId), "orders-of:" + user, HOLDS, UNSTORED,
                "seq:" + prefix}, user, String.valueOf(limit), orderId, String.valueOf(qty), sku, String.valueOf(now),
                String.valueOf(holdUntil), String.valueOf(seq));
        return r >= 0 ? Placed.OK : switch ((int) r) {
            case -1 -> Placed.SOLD_OUT;
            case -2 -> Placed.LIMIT_REACHED;
            case -3 -> Placed.ORDER_CLOSED;
            default -> Placed.UNKNOWN_SKU;
        };
    }

    Paid pay(String orderId, long now) {
        long r = pay.run(redis, new String[]{order(orderId), HOLDS, UNSTORED}, orderId, String.valueOf(now));
        return switch ((int) r) {
            case 1 -> Paid.OK;
            case -1 -> Paid.UNKNOWN;
            case -2 -> Paid.ALREADY_PAID;
            case -3 -> Paid.RELEASED;
            default -> Paid.EXPIRED;
        };
    }

    /** Releases the order if its hold ended; returns the units that went back (0: nothing done). */
    long expire(String orderId, String sku, long now) {
        String[] stock = StockScripts.deductKeys(sku);
        return expire.run(redis, new String[]{order(orderId), stock[0], stock[2], HOLDS, UNSTORED}, orderId, String.valueOf(now));
    }

    void stored(String orderId, String dbStatus) {
        stored.run(redis, new String[]{order(orderId), UNSTORED}, orderId, dbStatus);
    }

    /** Orders whose hold ended by {@code now} (at most {@code limit}). */
    List<String> holdsEndedBy(long now, int limit) {
        return redis.zrangebyscore(HOLDS, Range.create(0, now), io.lettuce.core.Limit.from(limit));
    }

    /** Orders whose latest step the database has not had since {@code before} or longer (at most {@code limit}). */
    List<String> unstoredSince(long before, int limit) {
        return redis.zrangebyscore(UNSTORED, Range.create(0, before), io.lettuce.core.Limit.from(limit));
    }

    /** Orders whose latest step the database does not have yet. */
    long unstored() {
        return redis.zcard(UNSTORED);
    }

    /** The order's fields (empty: no such order). */
    Map<String, String> get(String orderId) {
        return redis.hgetall(order(orderId));
    }

    /** Every order in the buffer, id to status (SCAN: bounded by the orders there are). */
    Map<String, String> statuses() {
        Map<String, String> all = new LinkedHashMap<>();
        io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
        do {
            io.lettuce.core.KeyScanCursor<String> page = redis.scan(cursor, io.lettuce.core.ScanArgs.Builder.matches("order:*").limit(1000));
            for (String key : page.getKeys()) {
                String status = redis.hget(key, "status");
                if (status != null) {
                    all.put(key.substring("order:".length()), status);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return all;
    }
}
