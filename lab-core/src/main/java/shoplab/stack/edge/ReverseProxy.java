package shoplab.stack.edge;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import shoplab.topology.InternalPaths;

/**
 * The nginx stand-in behind the LVS: routes each request by path prefix (longest prefix wins, matched on
 * whole path segments) to the instances of the service that serves it, round robin, and relays the answer
 * with {@code X-Proxy: <name>} (the service instance behind it says itself who served: {@code X-Served-By}). Like nginx's {@code proxy_next_upstream error}, it moves on to the next
 * instance when one refuses the connection (and, for GET/HEAD/OPTIONS, on any I/O error), but never
 * replays a non-idempotent request that may have reached an instance.
 *
 * <p>It routes the path the service will see ({@link CanonicalPath}: a path with dot segments, path
 * parameters or encoded slashes is refused with 400, so {@code /api/orders/../internal/...} cannot ride a
 * public route), and no route may reach {@link InternalPaths#PREFIX}: the calls inside a data center are
 * not the entry's to give. No matching route: {@code 404 {"error":...}}; every instance failed:
 * {@code 502 {"error":...}}.
 *
 * <p>Given cached routes, it caches GET answers under them like nginx's {@code proxy_cache} (see
 * {@link ProxyCache}) and says how in {@code X-Proxy-Cache}: {@code HIT} (served from the cache),
 * {@code MISS} (relayed, and stored when it may be), {@code BYPASS} (any other request under a cached
 * prefix, relayed as without a cache). Other routes carry no such header.
 */
public final class ReverseProxy extends HttpPart {

    private static final Logger log = LoggerFactory.getLogger(ReverseProxy.class);

    /** The response header naming the proxy instance that relayed the answer. */
    public static final String PROXY_HEADER = "X-Proxy";
    /** The response header saying how the cache took a request under a cached prefix. */
    public static final String CACHE_HEADER = "X-Proxy-Cache";

    private final List<Route> routes;
    private final ProxyCache cache;
    private final HttpForwarder forwarder = new HttpForwarder();

    /** Without a cache. */
    public ReverseProxy(String name, Map<String, List<URI>> routes) {
        this(name, routes, List.of());
    }

    /** Caching GET answers under the {@code cached} prefixes, each for its TTL at most. */
    public ReverseProxy(String name, Map<String, List<URI>> routes, List<ProxyCache.CachedRoute> cached) {
        super(name);
        List<Route> list = new ArrayList<>();
        routes.forEach((prefix, instances) -> {
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException(name + ": route prefix must start with '/': " + prefix);
            }
            if (InternalPaths.exposedBy(prefix)) {
                throw new IllegalArgumentException(name + ": a route may not reach " + InternalPaths.PREFIX + "/: " + prefix);
            }
            if (instances.isEmpty()) {
                throw new IllegalArgumentException(name + ": no instances for " + prefix);
            }
            list.add(new Route(prefix, instances.stream().map(HttpForwarder.Target::of).toList()));
        });
        list.sort(Comparator.comparingInt((Route r) -> r.prefix.length()).reversed());
        this.routes = List.copyOf(list);
        this.cache = new ProxyCache(cached);
    }

    /** The cache's counters at one moment (all zero but bypasses without cached routes). */
    public ProxyCache.Stats cacheStats() {
        return cache.stats();
    }

    /** Drops the cached answers whose path starts with {@code pathPrefix} (after a change); returns how many. */
    public int purge(String pathPrefix) {
        return cache.purge(pathPrefix);
    }

    /** Requests per route prefix since construction (requests with no route are not counted here). */
    public Map<String, Long> requestsPerRoute() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Route route : routes) {
            counts.put(route.prefix, route.requests.sum());
        }
        return counts;
    }

    @Override
    protected void onStop() {
        forwarder.close();
    }

    /** The route whose prefix is the longest match for {@code path}, or null. */
    Route route(String path) {
        for (Route route : routes) {
            if (route.matches(path)) {
                return route;
            }
        }
        return null;
    }

    @Override
    protected void handle(Exchange exchange) {
        Optional<String> path = CanonicalPath.of(exchange.rawPath());
        if (path.isEmpty()) {
            exchange.sendError(400, "the path is not canonical (dot or empty segments, ';', '\\', encoded '/')",
                    PROXY_HEADER, name());
            return;
        }
        Route route = route(path.get());
        if (route == null) {
            exchange.sendError(404, "no route", PROXY_HEADER, name());
            return;
        }
        route.requests.increment();
        ProxyCache.Request request = new ProxyCache.Request(exchange.method(), path.get(), exchange.rawQuery(),
                exchange.headers());
        cache.get(request, () -> fill(exchange, route)).whenComplete((result, failure) -> {
            if (failure != null) { // fill() answers an upstream failure with a 502: only a stopping proxy gets here
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                exchange.sendError(502, route.prefix + ": " + HttpForwarder.describe(cause), PROXY_HEADER, name());
            } else if (result.status() == ProxyCache.Status.BYPASS) {
                relay(exchange, route, cache.covers(path.get()) ? "BYPASS" : null);
            } else {
                ProxyCache.Answer answer = result.answer();
                exchange.respond(answer.status(), answer.headers(), answer.body(), PROXY_HEADER, name(),
                        CACHE_HEADER, result.status().name());
            }
        });
    }

    /** Relays the exchange to the route's instances, with {@code X-Proxy-Cache: cacheStatus} unless null. */
    private void relay(Exchange exchange, Route route, String cacheStatus) {
        String[] extra = cacheStatus == null ? new String[] {PROXY_HEADER, name()}
                : new String[] {PROXY_HEADER, name(), CACHE_HEADER, cacheStatus};
        forward(exchange, route).addListener(done -> {
            if (done.isSuccess()) {
                HttpForwarder.relay(exchange, (FullHttpResponse) done.getNow(), extra);
            } else {
                exchange.sendError(502, route.prefix + ": " + HttpForwarder.describe(done.cause()), extra);
            }
        });
    }

    /**
     * A cache miss going upstream: the answer as bytes the cache can keep, an upstream failure as the 502
     * it would be relayed as (not stored).
     */
    private CompletableFuture<ProxyCache.Answer> fill(Exchange exchange, Route route) {
        CompletableFuture<ProxyCache.Answer> answer = new CompletableFuture<>();
        Runnable go = () -> forward(exchange, route).addListener(done -> answer.complete(done.isSuccess()
                ? answerOf((FullHttpResponse) done.getNow()) : errorAnswer(route, done.cause())));
        // a request whose wait for another's fill timed out comes here on a timer thread: keep it on its loop
        if (exchange.eventLoop().inEventLoop()) {
            go.run();
        } else {
            exchange.eventLoop().execute(go);
        }
        return answer;
    }

    private static ProxyCache.Answer answerOf(FullHttpResponse response) {
        try {
            HttpHeaders headers = response.headers().copy();
            HttpForwarder.stripHopByHop(headers);
            return new ProxyCache.Answer(response.status().code(), headers, ByteBufUtil.getBytes(response.content()));
        } finally {
            response.release();
        }
    }

    private static ProxyCache.Answer errorAnswer(Route route, Throwable failure) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return new ProxyCache.Answer(502, headers,
                Exchange.errorJson(route.prefix + ": " + HttpForwarder.describe(failure)));
    }

    /** The answer of the route's instances, taken round robin, with nginx's next-upstream (see the class). */
    private Future<FullHttpResponse> forward(Exchange exchange, Route route) {
        Promise<FullHttpResponse> answer = exchange.eventLoop().newPromise();
        int first = Math.floorMod(route.next.getAndIncrement(), route.instances.size());
        attempt(exchange, route, first, 0, answer);
        return answer;
    }

    /** Tries instance {@code first + i} (round robin), moving on to the next one where that is safe. */
    private void attempt(Exchange exchange, Route route, int first, int i, Promise<FullHttpResponse> answer) {
        int n = route.instances.size();
        HttpForwarder.Target instance = route.instances.get((first + i) % n);
        forwarder.forward(exchange, instance).addListener(done -> {
            if (done.isSuccess()) {
                answer.setSuccess((FullHttpResponse) done.getNow());
                return;
            }
            Throwable e = done.cause();
            log.debug("{}: {} {} on {} failed: {}", name(), exchange.method(), exchange.uri(), instance.address(),
                    e.toString());
            boolean retry = HttpForwarder.isConnectFailure(e) || (HttpForwarder.isIdempotent(exchange.httpMethod())
                    && !(e instanceof UpstreamConnection.ResponseTimeoutException));
            if (retry && i + 1 < n) {
                attempt(exchange, route, first, i + 1, answer);
            } else {
                answer.setFailure(e);
            }
        });
    }

    static final class Route {
        final String prefix;
        final List<HttpForwarder.Target> instances;
        final AtomicInteger next = new AtomicInteger();
        final LongAdder requests = new LongAdder();

        Route(String prefix, List<HttpForwarder.Target> instances) {
            this.prefix = prefix;
            this.instances = instances;
        }

        /** {@code /api/orders} matches {@code /api/orders} and {@code /api/orders/7}, not {@code /api/ordersX}. */
        boolean matches(String path) {
            return CanonicalPath.isUnder(path, prefix);
        }
    }

    @Override
    public String toString() {
        return "ReverseProxy[" + name() + " :" + port() + " " + routes.size() + " routes]";
    }
}
