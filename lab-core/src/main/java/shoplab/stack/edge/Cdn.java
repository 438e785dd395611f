package shoplab.stack.edge;

import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

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

    private final URI origin;
    private final URI upstream;
    private final HttpForwarder.Target originTarget;
    private final HttpForwarder.Target upstreamTarget;
    private final Duration ttl;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder passes = new LongAdder();
    private final HttpForwarder forwarder = new HttpForwarder();

    public Cdn(String name, URI origin, URI upstream, Duration ttl) {
        super(name);
        this.origin = origin;
        this.upstream = upstream;
        this.originTarget = HttpForwarder.Target.of(origin);
        this.upstreamTarget = HttpForwarder.Target.of(upstream);
        this.ttl = ttl;
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long passes() {
        return passes.sum();
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
            hits.increment();
            exchange.respond(entry.status, entry.headers, entry.body, "X-Cache", "HIT");
            return;
        }
        misses.increment();
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
        passes.increment();
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
