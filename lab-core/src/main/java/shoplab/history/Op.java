package shoplab.history;

/**
 * One client operation: invoked at {@code startMs}, completed at {@code endMs} (lab clock, milliseconds
 * since the run started) with an {@link Outcome}. Business keys name what it was about.
 *
 * @param f        the operation, e.g. {@code page}, {@code buy}, {@code pay}
 * @param outcome  how it ended
 * @param startMs  when the client invoked it
 * @param endMs    when the client saw its completion
 * @param user     the acting user id
 * @param sku      the SKU it concerns, or null
 * @param orderId  the order it created or acted on, or null
 * @param status   the HTTP status, 0 when there was none (timeout, connection error)
 * @param error    the refusal or error text, or null
 * @param servedBy the instance that served it ({@code dc-a/order}), as its answer said, or null
 * @param dc       the data center that served it, or null (no answer, or served by the edge alone)
 * @param served   how it was served: {@link #FULL}, {@link #DEGRADED} (a fallback answered), {@link #SHED}
 *                 (refused at once, nothing done: 429, or 503 while switching) or {@link #FAILED} (an error or no
 *                 answer), as the answer's class header said, else judged from its status
 * @param seen     what the answer said that a checker judges beyond its status (a product read's version,
 *                 price and the cache layer that answered); empty for most operations
 */
public record Op(String f, Outcome outcome, long startMs, long endMs, String user, String sku,
                 String orderId, int status, String error, String servedBy, String dc, String served,
                 @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                 java.util.Map<String, String> seen) {

    public static final String FULL = "full";
    public static final String DEGRADED = "degraded";
    public static final String SHED = "shed";
    public static final String FAILED = "failed";
    /** The classes in ladder order, best first. */
    public static final java.util.List<String> CLASSES = java.util.List.of(FULL, DEGRADED, SHED, FAILED);

    public Op {
        served = served(status, served);
        seen = seen == null ? java.util.Map.of() : java.util.Map.copyOf(seen);
    }

    /** An operation whose answer said nothing a checker judges beyond its status. */
    public Op(String f, Outcome outcome, long startMs, long endMs, String user, String sku, String orderId, int status,
              String error, String servedBy, String dc, String served) {
        this(f, outcome, startMs, endMs, user, sku, orderId, status, error, servedBy, dc, served, java.util.Map.of());
    }

    /** An operation whose answer said no class: judged from its status. */
    public Op(String f, Outcome outcome, long startMs, long endMs, String user, String sku, String orderId, int status,
              String error, String servedBy, String dc) {
        this(f, outcome, startMs, endMs, user, sku, orderId, status, error, servedBy, dc, null);
    }

    /** An operation nobody said where it was served (tests, hand-written histories). */
    public Op(String f, Outcome outcome, long startMs, long endMs, String user, String sku, String orderId, int status,
              String error) {
        this(f, outcome, startMs, endMs, user, sku, orderId, status, error, null, null, null);
    }

    /**
     * The class of an answer: no answer is failed whatever anyone said; a refusal at once (the header's
     * {@code shed}, or 429) is shed; any other 5xx failed; else what the header said, full by default.
     */
    public static String served(int status, String header) {
        if (status == 0) {
            return FAILED;
        }
        if (SHED.equals(header) || status == 429) {
            return SHED;
        }
        if (status >= 500) {
            return FAILED;
        }
        return DEGRADED.equals(header) ? DEGRADED : FULL;
    }

    public static final String PAGE = "page";
    public static final String BUY = "buy";
    public static final String PAY = "pay";

    public long latencyMs() {
        return endMs - startMs;
    }

    public boolean is(String function, Outcome o) {
        return f.equals(function) && outcome == o;
    }
}
