package shoplab.history;

import java.util.Map;

/**
 * One sample of the stack's server-side figures, taken about once a second.
 *
 * @param atMs   lab clock, milliseconds since the run started
 * @param values named figures; see the constants
 */
public record Sample(long atMs, Map<String, Double> values) {

    public static final String REQUESTS_PER_SECOND = "requestsPerSecond";
    public static final String REDIS_STOCK = "redisStock";
    public static final String DB_STOCK = "dbStock";
    public static final String QUEUE_LAG = "queueLag";
    public static final String HELD = "held";
    public static final String SOLD = "sold";
    /** Payment notices the provider delivered (every attempt) per second: the callback storm. */
    public static final String NOTICES_PER_SECOND = "noticesPerSecond";
    /** Notices the provider still has to deliver (scheduled retries, late ones). */
    public static final String NOTICES_PENDING = "noticesPending";
    /** Trade orders not yet paid, closed or cancelled. */
    public static final String OPEN_ORDERS = "openOrders";
    /** Trade orders paid so far. */
    public static final String PAID = "paid";
    /** Followed by a checker's name: the violations it found so far in a run still going on. */
    public static final String VIOLATIONS_PREFIX = "violations.";

    public Sample {
        values = Map.copyOf(values);
    }

    /** The figure, or NaN when this sample does not carry it. */
    public double get(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }
}
