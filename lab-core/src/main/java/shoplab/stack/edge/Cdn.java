package shoplab.stack.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

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

    private static final int THREADS = 128;
    private static final int CLIENT_THREADS = 16;
    /** Past this many entries, expired ones are purged on a miss. */
    private static final int PURGE_ABOVE = 10_000;

    private final URI origin;
    private final URI upstream;
    private final Duration ttl;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder passes = new LongAdder();

    private volatile HttpForwarder forwarder;

    public Cdn(String name, URI origin, URI upstream, Duration ttl) {
        super(name, THREADS);
        this.origin = origin;
        this.upstream = upstream;
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

    /** Entries currently cached (expired ones included until purged). */
    public int cachedEntries() {
        return cache.size();
    }

    /** Empties the cache (a purge). */
    public void purge() {
        cache.clear();
    }

    /** Whether a GET of this raw path is static, i.e. cacheable. */
    static boolean isStatic(String path) {
        return path.startsWith("/static/") || path.endsWith(".html") || path.endsWith(".css")
                || path.endsWith(".js") || path.endsWith(".png") || path.endsWith(".svg");
    }

    @Override
    protected void onStart() {
        forwarder = new HttpForwarder(name(), CLIENT_THREADS);
    }

    @Override
    protected void onStop() {
        HttpForwarder f = forwarder;
        forwarder = null;
        if (f != null) {
            f.close();
        }
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        if ("GET".equals(exchange.getRequestMethod()) && isStatic(path)) {
            serveStatic(exchange, uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
        } else {
            pass(exchange);
        }
    }

    private void serveStatic(HttpExchange exchange, String key) throws IOException {
        long now = System.nanoTime();
        Entry entry = cache.get(key);
        if (entry != null && now - entry.expiresAtNanos < 0) {
            hits.increment();
            HttpForwarder.respond(exchange, entry.status, entry.headers, entry.body, "X-Cache", "HIT");
            return;
        }
        misses.increment();
        HttpForwarder.readBody(exchange);
        HttpResponse<byte[]> response;
        try {
            response = forwarder.get(HttpForwarder.target(origin, exchange));
        } catch (IOException e) {
            log.debug("{}: origin failed for {}: {}", name(), key, e.toString());
            HttpForwarder.sendError(exchange, 502, "origin: " + HttpForwarder.describe(e), "X-Cache", "MISS");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpForwarder.sendError(exchange, 502, "origin: interrupted", "X-Cache", "MISS");
            return;
        }
        Headers headers = HttpForwarder.endToEndHeaders(response.headers());
        if (response.statusCode() == 200 && !ttl.isZero() && !ttl.isNegative()) {
            if (cache.size() >= PURGE_ABOVE) {
                purgeExpired(now);
            }
            cache.put(key, new Entry(200, headers, response.body(), System.nanoTime() + ttl.toNanos()));
        }
        HttpForwarder.respond(exchange, response.statusCode(), headers, response.body(), "X-Cache", "MISS");
    }

    private void pass(HttpExchange exchange) throws IOException {
        passes.increment();
        byte[] body = HttpForwarder.readBody(exchange);
        HttpResponse<byte[]> response;
        try {
            response = forwarder.forward(exchange, body, upstream);
        } catch (IOException e) {
            log.debug("{}: upstream failed for {} {}: {}", name(), exchange.getRequestMethod(),
                    exchange.getRequestURI(), e.toString());
            HttpForwarder.sendError(exchange, 502, "upstream: " + HttpForwarder.describe(e), "X-Cache", "PASS");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpForwarder.sendError(exchange, 502, "upstream: interrupted", "X-Cache", "PASS");
            return;
        }
        HttpForwarder.respond(exchange, response.statusCode(), HttpForwarder.endToEndHeaders(response.headers()),
                response.body(), "X-Cache", "PASS");
    }

    private void purgeExpired(long now) {
        for (Iterator<Entry> it = cache.values().iterator(); it.hasNext(); ) {
            if (now - it.next().expiresAtNanos >= 0) {
                it.remove();
            }
        }
    }

    private record Entry(int status, Headers headers, byte[] body, long expiresAtNanos) {
    }

    @Override
    public String toString() {
        return "Cdn[" + name() + " :" + port() + " origin " + origin + ", upstream " + upstream + ", ttl " + ttl + "]";
    }
}
