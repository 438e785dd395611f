package shoplab.stack.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;

/**
 * The nginx stand-in behind the LVS: routes each request by path prefix (longest prefix wins, matched on
 * whole path segments) to the instances of the service that serves it, round robin, and relays the answer
 * with {@code X-Served-By: <name>}. Like nginx's {@code proxy_next_upstream error}, it moves on to the next
 * instance when one refuses the connection (and, for GET/HEAD/OPTIONS, on any I/O error), but never
 * replays a non-idempotent request that may have reached an instance.
 *
 * <p>No matching route: {@code 404 {"error":...}}; every instance failed: {@code 502 {"error":...}}.
 */
public final class ReverseProxy extends HttpPart {

    private static final Logger log = LoggerFactory.getLogger(ReverseProxy.class);

    private static final int THREADS = 128;
    private static final int CLIENT_THREADS = 16;

    private final List<Route> routes;
    private volatile HttpForwarder forwarder;

    public ReverseProxy(String name, Map<String, List<URI>> routes) {
        super(name, THREADS);
        List<Route> list = new ArrayList<>();
        routes.forEach((prefix, instances) -> {
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException(name + ": route prefix must start with '/': " + prefix);
            }
            if (instances.isEmpty()) {
                throw new IllegalArgumentException(name + ": no instances for " + prefix);
            }
            list.add(new Route(prefix, List.copyOf(instances)));
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
    protected void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Route route = route(path == null || path.isEmpty() ? "/" : path);
        if (route == null) {
            HttpForwarder.readBody(exchange);
            HttpForwarder.sendError(exchange, 404, "no route", "X-Served-By", name());
            return;
        }
        route.requests.increment();
        byte[] body = HttpForwarder.readBody(exchange);
        String method = exchange.getRequestMethod();
        int n = route.instances.size();
        int first = Math.floorMod(route.next.getAndIncrement(), n);
        String failure = "no instance";
        for (int i = 0; i < n; i++) {
            URI instance = route.instances.get((first + i) % n);
            try {
                HttpResponse<byte[]> response = forwarder.forward(exchange, body, instance);
                HttpForwarder.respond(exchange, response.statusCode(),
                        HttpForwarder.endToEndHeaders(response.headers()), response.body(),
                        "X-Served-By", name());
                return;
            } catch (IOException e) {
                failure = HttpForwarder.describe(e);
                log.debug("{}: {} {} on {} failed: {}", name(), method, exchange.getRequestURI(), instance,
                        e.toString());
                boolean retry = HttpForwarder.isConnectFailure(e)
                        || (HttpForwarder.isIdempotent(method) && !(e instanceof java.net.http.HttpTimeoutException));
                if (!retry) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
                break;
            }
        }
        HttpForwarder.sendError(exchange, 502, route.prefix + ": " + failure, "X-Served-By", name());
    }

    static final class Route {
        final String prefix;
        final List<URI> instances;
        final AtomicInteger next = new AtomicInteger();
        final LongAdder requests = new LongAdder();

        Route(String prefix, List<URI> instances) {
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
