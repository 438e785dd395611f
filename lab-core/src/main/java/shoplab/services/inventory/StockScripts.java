package shoplab.services.inventory;

import shoplab.services.common.Safeguards;

/** The Lua scripts of the {@code redis-lua} strategy, public so the benchmark runs exactly these. */
public final class StockScripts {

    /** The deduct script's safeguards: the per-user limit, then the stock check. */
    public static final String USER_LIMIT = "user-limit";
    public static final String STOCK_CHECK = "stock-check";

    /**
     * KEYS: stock, bought-by-user hash, held-orders hash. ARGV: user, limit, orderId, qty. Returns the stock
     * left, -1 sold out, -2 past the per-user limit, -3 the order is known already (held, or released: a
     * release that came first leaves a 0 there, so a late deduction of an order given up is refused).
     */
    public static final String DEDUCT_LUA = deduct(Safeguards.ALL);

    /** The deduct script with the safeguards given (a mutant lacks one of its two checks). */
    static String deduct(Safeguards on) {
        return deductSteps(on) + "return stock - qty\n";
    }

    /**
     * The deduction's steps without the script's return, for a script that does more after them (the order
     * buffer's): KEYS[1..3] and ARGV[1..4] as {@link #DEDUCT_LUA}'s; leaves {@code stock} (before) and {@code qty}.
     */
    public static String deductSteps(Safeguards on) {
        return "local qty = tonumber(ARGV[4])\n"
                + "if redis.call('HEXISTS', KEYS[3], ARGV[3]) == 1 then return -3 end\n"
                + "local bought = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')\n"
                + (on.on(USER_LIMIT) ? "if bought + qty > tonumber(ARGV[2]) then return -2 end\n" : "")
                + "local stock = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
                + (on.on(STOCK_CHECK) ? "if stock < qty then return -1 end\n" : "")
                + "redis.call('DECRBY', KEYS[1], qty)\n"
                + "redis.call('HINCRBY', KEYS[2], ARGV[1], qty)\n"
                + "redis.call('HSET', KEYS[3], ARGV[3], qty)\n";
    }

    /**
     * KEYS: stock, held-orders hash. ARGV: orderId. Returns the quantity released now; 0 when nothing was held
     * (the order is closed: a 0 stays, so it can never be deducted); minus the quantity when it was released
     * before but the change's publication is not confirmed yet (the entry holds -qty until then, so a caller
     * that failed to publish, and tries again, publishes it again: the worker applies it once).
     */
    public static final String RELEASE_LUA = """
            local qty = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
            if qty > 0 then
              redis.call('HSET', KEYS[2], ARGV[1], -qty)
              redis.call('INCRBY', KEYS[1], qty)
              return qty
            end
            if qty == 0 then redis.call('HSET', KEYS[2], ARGV[1], 0) end
            return qty
            """;

    private StockScripts() {
    }

    /** The keys {@link #DEDUCT_LUA} takes for a SKU: stock, bought-by-user hash, held-orders hash. */
    public static String[] deductKeys(String sku) {
        return new String[]{"stock:" + sku, "bought:" + sku, "held:" + sku};
    }

    /** The keys {@link #RELEASE_LUA} takes for a SKU: stock, held-orders hash. */
    static String[] releaseKeys(String sku) {
        return new String[]{"stock:" + sku, "held:" + sku};
    }
}
