package shoplab.stack.edge;

import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/**
 * The CDN edge the shop's clients talk to: it caches static content (GET of {@code /static/...} or of
 * {@code .html .css .js .png .svg}) in memory for a TTL, fetched from the static-site origin on a miss, and
 * passes every other request through to the dynamic upstream (the LVS). It stands in for a real CDN so a
 * load test sees the effect of a cache in front of the origin and an extra hop in front of the API.
 *
 * <p>Responses carry {@code X-Cache: HIT|MISS|PASS}. Only origin 200s are cached (key: path and query).
 * An unreachable or timed-out origin or upstream yields {@code 502 {"error":"..."}}.
 */
public final class Cdn extends HttpPart {

    private static final Logger log = LoggerFactory.getLogger(Cdn.class);

    /** Past this many entries, expired ones are purged on a miss. */
    private static final int PURGE_ABOVE = 10_000;
    private static final int HIT = 0;
    private static final int MISS = 1;
    private static final int PASS = 2;

    private final URI origin;
    private final URI upstream;
    private final HttpForwarder.Target originTarget;
    private final HttpForwarder.Target upstreamTarget;
    private final Duration ttl;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    /** Hits, misses, passes at {@link #HIT}, {@link #MISS}, {@link #PASS}; guarded by itself, so one read sees one moment. */
    private final long[] counts = new long[3];
    private final HttpForwarder forwarder = new HttpForwarder();

    public Cdn(String name, URI origin, URI upstream, Duration ttl) {
        super(name);
        this.origin = origin;
        this.upstream = upstream;
        this.originTarget = HttpForwarder.Target.of(origin);
        this.upstreamTarget = HttpForwarder.Target.of(upstream);
        this.ttl = ttl;
    }

    /** The counters at one moment: a hit ratio from separate reads would mix requests counted in between. */
    public record Stats(long hits, long misses, long passes) {
        /** Hits over the static requests (hits and misses); 0 before any. */
        public double hitRatio() {
            long looked = hits + misses;
            return looked == 0 ? 0 : (double) hits / looked;
        }
    }

    public Stats stats() {
        synchronized (counts) {
            return new Stats(counts[HIT], counts[MISS], counts[PASS]);
        }
    }

    public long hits() {
        return stats().hits();
    }

    public long misses() {
        return stats().misses();
    }

    public long passes() {
        return stats().passes();
    }

    private void count(int which) {
        synchronized (counts) {
            counts[which]++;
        }
    }

    /** Whether a GET of this raw path is static, i.e. cacheable. */
    static boolean isStatic(String path) {
        return path.startsWith("/static/") || path.endsWith(".html") || path.endsWith(".css")
                || path.endsWith(".js") || path.endsWith(".png") || path.endsWith(".svg");
    }

    @Override
    protected void onStop() {
        forwarder.close();
    }

    @Override
    protected void handle(Exchange exchange) {
        if (HttpMethod.GET.equals(exchange.httpMethod()) && isStatic(exchange.rawPath())) {
            serveStatic(exchange, exchange.pathAndQuery());
        } else {
            pass(exchange);
        }
    }

    private void serveStatic(Exchange exchange, String key) {
        long now = System.nanoTime();
        Entry entry = cache.get(key);
        if (entry != null && now - entry.expiresAtNanos < 0) {
            count(HIT);
            exchange.respond(entry.status, entry.headers, entry.body, "X-Cache", "HIT");
            return;
        }
        count(MISS);
        forwarder.get(exchange.eventLoop(), originTarget, key).addListener(done -> {
            if (!done.isSuccess()) {
                log.debug("{}: origin failed for {}: {}", name(), key, done.cause().toString());
                exchange.sendError(502, "origin: " + HttpForwarder.describe(done.cause()), "X-Cache", "MISS");
                return;
            }
            FullHttpResponse response = (FullHttpResponse) done.getNow();
            if (response.status().code() == 200 && !ttl.isZero() && !ttl.isNegative()) {
                if (cache.size() >= PURGE_ABOVE) {
                    purgeExpired(now);
                }
                HttpHeaders headers = response.headers().copy();
                HttpForwarder.stripHopByHop(headers);
                cache.put(key, new Entry(200, headers, ByteBufUtil.getBytes(response.content()),
                        System.nanoTime() + ttl.toNanos()));
            }
            HttpForwarder.relay(exchange, response, "X-Cache", "MISS");
        });
    }

    private void pass(Exchange exchange) {
        count(PASS);
        forwarder.forward(exchange, upstreamTarget).addListener(done -> {
            if (done.isSuccess()) {
                HttpForwarder.relay(exchange, (FullHttpResponse) done.getNow(), "X-Cache", "PASS");
            } else {
                log.debug("{}: upstream failed for {} {}: {}", name(), exchange.method(), exchange.uri(),
                        done.cause().toString());
                exchange.sendError(502, "upstream: " + HttpForwarder.describe(done.cause()), "X-Cache", "PASS");
            }
        });
    }

    private void purgeExpired(long now) {
        for (Iterator<Entry> it = cache.values().iterator(); it.hasNext(); ) {
            if (now - it.next().expiresAtNanos >= 0) {
                it.remove();
            }
        }
    }

    private record Entry(int status, HttpHeaders headers, byte[] body, long expiresAtNanos) {
    }

    @Override
    public String toString() {
        return "Cdn[" + name() + " :" + port() + " origin " + origin + ", upstream " + upstream + ", ttl " + ttl + "]";
    }
}
