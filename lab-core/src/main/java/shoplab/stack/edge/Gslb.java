package shoplab.stack.edge;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import shoplab.history.Op;
import shoplab.services.common.Guard;


import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The global traffic manager's front (a GSLB stand-in; a real one answers DNS, this one relays HTTP, which
 * a load test cannot tell apart): users' requests go to the active data center's entry; while a switch is
 * under way every request is refused at once with 503 and Retry-After (never accepted in two places); and
 * {@code GET /lease?dc=NAME} answers a data center's services with the write lease ({@code epoch active
 * leaseMs}): the active data center holds it, nobody does mid-switch.
 *
 * <p>Each data center's entry is reached through a link crossing between it and the traffic manager, so a
 * partition that isolates a data center cuts its users, its health checks and its lease renewals alike.
 * Answers carry {@code X-Gslb-Site}: the data center the request went to.
 */
public final class Gslb extends HttpPart {

    public static final String LEASE_PATH = "/lease";
    public static final String SITE_HEADER = "X-Gslb-Site";

    private final Map<String, HttpForwarder.Target> sites = new java.util.concurrent.ConcurrentHashMap<>();
    private final long leaseMs;
    private final HttpForwarder forwarder = new HttpForwarder();
    /** The data center users go to; null while switching (everyone refused, no lease granted). */
    private volatile String active;
    private volatile long epoch = 1;

    /** Starts with no site: the data centers' entries are added once their edges run ({@link #site}). */
    public Gslb(String name, String active, long leaseMs) {
        super(name);
        this.active = active;
        this.leaseMs = leaseMs;
    }

    /** A data center's entry URL, as the traffic manager reaches it. */
    public void site(String dc, URI entry) {
        sites.put(dc, HttpForwarder.Target.of(entry));
    }

    public String active() {
        return active;
    }

    public long epoch() {
        return epoch;
    }

    /** Starts a switch: no data center takes requests or holds the lease from now on. */
    public synchronized void suspend() {
        active = null;
        epoch++;
    }

    /** Ends a switch: {@code dc} takes the users and the lease, under a new epoch. */
    public synchronized void activate(String dc) {
        if (!sites.containsKey(dc)) {
            throw new IllegalArgumentException("no data center '" + dc + "' behind " + name());
        }
        epoch++;
        active = dc;
    }

    @Override
    protected void onStop() {
        forwarder.close();
    }

    @Override
    protected void handle(Exchange exchange) {
        if (LEASE_PATH.equals(exchange.rawPath()) && HttpMethod.GET.equals(exchange.httpMethod())) {
            lease(exchange);
            return;
        }
        String to = active;
        if (to == null || !sites.containsKey(to)) {
            exchange.sendError(503, "switching data centers: retry shortly", "Retry-After", "1", Guard.CLASS_HEADER, Op.SHED);
            return;
        }
        forwarder.forward(exchange, sites.get(to)).addListener(done -> {
            if (done.isSuccess()) {
                HttpForwarder.relay(exchange, (FullHttpResponse) done.getNow(), SITE_HEADER, to);
            } else {
                // Not a refusal: the request may have reached the site before the failure (failed, not shed).
                exchange.sendError(503, to + " unreachable: " + HttpForwarder.describe(done.cause()),
                        "Retry-After", "1", SITE_HEADER, to, Guard.CLASS_HEADER, Op.FAILED);
            }
        });
    }

    private void lease(Exchange exchange) {
        String query = exchange.rawQuery();
        String dc = query != null && query.startsWith("dc=") ? query.substring(3) : "";
        String holder;
        long e;
        synchronized (this) {
            holder = active;
            e = epoch;
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        byte[] body = (e + " " + (holder == null ? "-" : holder) + " " + leaseMs).getBytes(StandardCharsets.UTF_8);
        exchange.respond(200, headers, body, SITE_HEADER, dc);
    }

    @Override
    public String toString() {
        return "Gslb[" + name() + " :" + port() + " active " + active + ", epoch " + epoch + "]";
    }
}
