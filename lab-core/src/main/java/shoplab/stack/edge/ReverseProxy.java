package shoplab.stack.edge;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http.FullHttpResponse;
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
 */
public final class ReverseProxy extends HttpPart {

    private static final Logger log = LoggerFactory.getLogger(ReverseProxy.class);

    /** The response header naming the proxy instance that relayed the answer. */
    public static final String PROXY_HEADER = "X-Proxy";

    private final List<Route> routes;
    private final HttpForwarder forwarder = new HttpForwarder();

    public ReverseProxy(String name, Map<String, List<URI>> routes) {
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
        int first = Math.floorMod(route.next.getAndIncrement(), route.instances.size());
        attempt(exchange, route, first, 0);
    }

    /** Tries instance {@code first + i} (round robin), moving on to the next one where that is safe. */
    private void attempt(Exchange exchange, Route route, int first, int i) {
        int n = route.instances.size();
        HttpForwarder.Target instance = route.instances.get((first + i) % n);
        forwarder.forward(exchange, instance).addListener(done -> {
            if (done.isSuccess()) {
                HttpForwarder.relay(exchange, (FullHttpResponse) done.getNow(), PROXY_HEADER, name());
                return;
            }
            Throwable e = done.cause();
            log.debug("{}: {} {} on {} failed: {}", name(), exchange.method(), exchange.uri(), instance.address(),
                    e.toString());
            boolean retry = HttpForwarder.isConnectFailure(e) || (HttpForwarder.isIdempotent(exchange.httpMethod())
                    && !(e instanceof UpstreamConnection.ResponseTimeoutException));
            if (retry && i + 1 < n) {
                attempt(exchange, route, first, i + 1);
            } else {
                exchange.sendError(502, route.prefix + ": " + HttpForwarder.describe(e), PROXY_HEADER, name());
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
            if (!path.startsWith(prefix)) {
                return false;
            }
            return path.length() == prefix.length() || prefix.endsWith("/") || path.charAt(prefix.length()) == '/';
        }
    }

    @Override
    public String toString() {
        return "ReverseProxy[" + name() + " :" + port() + " " + routes.size() + " routes]";
    }
}
