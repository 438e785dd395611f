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
 */
public record Op(String f, Outcome outcome, long startMs, long endMs, String user, String sku,
                 String orderId, int status, String error, String servedBy, String dc) {

    /** An operation nobody said where it was served (tests, hand-written histories). */
    public Op(String f, Outcome outcome, long startMs, long endMs, String user, String sku, String orderId, int status,
              String error) {
        this(f, outcome, startMs, endMs, user, sku, orderId, status, error, null, null);
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
