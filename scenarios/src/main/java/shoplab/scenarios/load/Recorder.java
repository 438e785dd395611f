package shoplab.scenarios.load;

import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import shoplab.history.HistoryStream;
import shoplab.history.Op;
import shoplab.history.Outcome;

import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * What every simulation of the lab does around its requests: the HTTP protocol aimed at the stack's
 * entry, and one history entry per request (invoked, completed, outcome), streamed to the lab. A request
 * saves its status as {@code status}, and may save {@code orderId} and {@code error}; the user is
 * {@code user}.
 */
public final class Recorder {

    /** The system property the lab sets to the stack's entry (or the scenario's target). */
    public static final String BASE_URL = "shoplab.baseUrl";

    private final HistoryStream history = HistoryStream.fromSystemProperties();

    /**
     * JSON over shared connections to the lab's entry; every answer's word on where it was served (the
     * service instance and its data center, else the proxy that relayed it) is kept for its history entry.
     */
    public static HttpProtocolBuilder protocol() {
        return http.baseUrl(System.getProperty(BASE_URL, "http://127.0.0.1:8080"))
                .shareConnections()
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .check(header("X-Served-By").optional().saveAs("servedBy"),
                        header("X-Proxy").optional().saveAs("proxy"),
                        header("X-Data-Center").optional().saveAs("dc"),
                        header(shoplab.services.common.Guard.CLASS_HEADER).optional().saveAs("servedClass"),
                        header("Retry-After").optional().saveAs("retryAfter"));
    }

    /** Now on the run's clock (ms since the run started). */
    public long now() {
        return history.now();
    }

    /** Before a request: when it was invoked, and no answer yet. */
    public Session started(Session s) {
        return s.set("t0", history.now()).remove("status").remove("error").remove("servedBy").remove("proxy").remove("dc")
                .remove("servedClass").remove("retryAfter");
    }

    /**
     * After a request: the expected status is an acknowledgement, a 4xx a definite refusal; anything else
     * (a 5xx, no answer, an unexpected status) leaves the outcome unknown: it may have happened.
     */
    public Session record(Session s, String f, int okStatus, String sku) {
        return record(s, f, okStatus, sku, java.util.Map.of());
    }

    /** As {@link #record(Session, String, int, String)}, with what the answer said that a checker judges. */
    public Session record(Session s, String f, int okStatus, String sku, java.util.Map<String, String> seen) {
        int status = s.contains("status") ? s.getInt("status") : 0;
        Outcome outcome = status == okStatus ? Outcome.OK
                : status >= 400 && status < 500 ? Outcome.FAIL : Outcome.UNKNOWN;
        String orderId = s.contains("orderId") && !Op.PAGE.equals(f) ? s.getString("orderId") : null;
        String error = s.contains("error") ? s.getString("error") : status == 0 ? "no response" : null;
        String servedBy = s.contains("servedBy") ? s.getString("servedBy") : s.contains("proxy") ? s.getString("proxy") : null;
        history.send(new Op(f, outcome, s.getLong("t0"), history.now(), s.getString("user"), sku, orderId, status,
                outcome == Outcome.OK ? null : error, servedBy, s.contains("dc") ? s.getString("dc") : null,
                s.contains("servedClass") ? s.getString("servedClass") : null, seen));
        return s;
    }

    /** Whether the last answer was a refusal at once the client may retry (shed, with Retry-After). */
    public static boolean shed(Session s) {
        int status = s.contains("status") ? s.getInt("status") : 0;
        String header = s.contains("servedClass") ? s.getString("servedClass") : null;
        return Op.SHED.equals(Op.served(status, header)) && s.contains("retryAfter");
    }

    /** The last answer's Retry-After in seconds (1 when it said none or nonsense, at most 60). */
    public static long retryAfterSeconds(Session s) {
        try {
            return Math.max(1, Math.min(60, Long.parseLong(s.getString("retryAfter").trim())));
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /** After the simulation: the stream ends, so the lab knows every entry is in. */
    public void close() {
        history.close();
    }
}
