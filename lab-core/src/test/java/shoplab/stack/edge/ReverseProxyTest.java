package shoplab.stack.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReverseProxyTest {

    private FakeBackend api;
    private FakeBackend orders1;
    private FakeBackend orders2;
    private ReverseProxy proxy;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        api = new FakeBackend("api");
        orders1 = new FakeBackend("orders-1");
        orders2 = new FakeBackend("orders-2");
    }

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.kill();
        }
        api.close();
        orders1.close();
        orders2.close();
    }

    private void start(Map<String, List<URI>> routes) throws Exception {
        proxy = new ReverseProxy("proxy-1", routes);
        proxy.start();
    }

    /** Routes /api/catalog (cached for a minute) to api and /api/orders (not cached) to orders-1. */
    private void startCached(URI catalog) throws Exception {
        Map<String, List<URI>> routes = new LinkedHashMap<>();
        routes.put("/api/catalog", List.of(catalog));
        routes.put("/api/orders", List.of(orders1.uri()));
        proxy = new ReverseProxy("proxy-1", routes, List.of(new ProxyCache.CachedRoute("/api/catalog", Duration.ofMinutes(1))));
        proxy.start();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
                .header("X-Test", "carried")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.Optional<String> cacheStatus(HttpResponse<String> response) {
        return response.headers().firstValue(ReverseProxy.CACHE_HEADER);
    }

    private static String servedBy(HttpResponse<String> response) {
        return response.body().split(" ")[0];
    }

    /** Sends one request line as written, byte for byte (HTTP clients would refuse or rewrite these). */
    private String raw(String method, String target) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: shoplab\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void noRequestRidesAPublicRouteToAnotherPath() throws Exception {
        start(Map.of("/api/orders", List.of(orders1.uri())));
        for (String target : new String[] {"/api/orders/../internal/stock/deduct", "/api/orders/..;/internal/stock/deduct",
                "/api/orders/%2e%2e/internal/stock/deduct", "/api/orders%2f..%2finternal/stock/deduct",
                "/api/orders/.%2E/internal/trade/snapshot", "/api/orders//../internal/x", "/api/orders\\..\\internal"}) {
            String answer = raw("POST", target);
            assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("X-Proxy: proxy-1").contains("\"error\"");
        }
        assertThat(raw("POST", "/internal/stock/deduct")).startsWith("HTTP/1.1 404");
        assertThat(orders1.seen).as("nothing reached the service").isEmpty();
        assertThat(raw("GET", "/api/orders/ord-1")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aRouteThatWouldReachTheInternalCallsIsRefused() {
        for (String prefix : new String[] {"/", "/internal", "/internal/stock"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReverseProxy("p", Map.of(prefix, List.of(api.uri()))))
                    .hasMessageContaining("may not reach /internal/");
        }
    }

    @Test
    void longestPrefixWinsAndInstancesTakeTurns() throws Exception {
        Map<String, List<URI>> routes = new LinkedHashMap<>();
        routes.put("/api", List.of(api.uri()));
        routes.put("/api/orders", List.of(orders1.uri(), orders2.uri()));
        start(routes);

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = send("GET", "/api/orders/" + i, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Proxy")).hasValue("proxy-1");
            order.add(servedBy(response));
        }
        assertThat(order).containsExactly("orders-1", "orders-2", "orders-1", "orders-2");

        assertThat(servedBy(send("GET", "/api/inventory/9", null))).isEqualTo("api");
        assertThat(servedBy(send("GET", "/api/orders", null))).isEqualTo("orders-1");
        // prefixes match whole segments
        assertThat(servedBy(send("GET", "/api/ordersX", null))).isEqualTo("api");

        HttpResponse<String> post = send("POST", "/api/orders/created?x=1", "{\"sku\":1}");
        assertThat(post.statusCode()).isEqualTo(201);
        FakeBackend target = servedBy(post).equals("orders-1") ? orders1 : orders2;
        assertThat(target.seen).last()
                .isEqualTo(new FakeBackend.Seen("POST", "/api/orders/created?x=1", "{\"sku\":1}", "carried"));

        assertThat(proxy.requestsPerRoute()).containsEntry("/api/orders", 6L).containsEntry("/api", 2L);
        assertThat(proxy.requests()).isEqualTo(8);
    }

    @Test
    void noRouteIs404() throws Exception {
        start(Map.of("/api/orders", List.of(orders1.uri())));
        HttpResponse<String> response = send("GET", "/elsewhere", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("{\"error\":");
        assertThat(response.headers().firstValue("X-Proxy")).hasValue("proxy-1");
        assertThat(orders1.seen).isEmpty();
    }

    @Test
    void aDeadInstanceIsSkipped() throws Exception {
        start(Map.of("/api/orders", List.of(FakeBackend.deadUri(), orders2.uri())));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = send("POST", "/api/orders", "{}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(servedBy(response)).isEqualTo("orders-2");
        }
        assertThat(orders2.seen).hasSize(3);
    }

    @Test
    void allInstancesDownIs502() throws Exception {
        start(Map.of("/api/orders", List.of(FakeBackend.deadUri(), FakeBackend.deadUri())));
        HttpResponse<String> response = send("POST", "/api/orders", "{}");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).startsWith("{\"error\":");
        assertThat(response.headers().firstValue("X-Proxy")).hasValue("proxy-1");
    }

    @Test
    void aCachedRouteAnswersAGetFromTheCacheAfterTheFirstMiss() throws Exception {
        startCached(api.uri());
        HttpResponse<String> first = send("GET", "/api/catalog/7?page=1", null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("api GET /api/catalog/7");
        assertThat(cacheStatus(first)).hasValue("MISS");

        HttpResponse<String> second = send("GET", "/api/catalog/7?page=1", null);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("api GET /api/catalog/7");
        assertThat(cacheStatus(second)).hasValue("HIT");
        assertThat(second.headers().firstValue("X-Proxy")).hasValue("proxy-1");
        assertThat(second.headers().firstValue("X-Backend")).as("the upstream's headers are kept").hasValue("api");
        assertThat(second.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(api.seen).as("the upstream was called once").hasSize(1);
        assertThat(cacheStatus(send("GET", "/api/catalog/7?page=2", null))).hasValue("MISS");

        assertThat(proxy.purge("/api/catalog/7")).isEqualTo(2);
        HttpResponse<String> afterPurge = send("GET", "/api/catalog/7?page=1", null);
        assertThat(cacheStatus(afterPurge)).hasValue("MISS");
        assertThat(afterPurge.body()).isEqualTo("api GET /api/catalog/7");
        assertThat(api.seen).hasSize(3);
        assertThat(proxy.cacheStats()).isEqualTo(new ProxyCache.Stats(1, 3, 0, 3, 2));
        assertThat(proxy.requestsPerRoute()).containsEntry("/api/catalog", 4L);
    }

    @Test
    void everythingElseIsRelayedAsWithoutACache() throws Exception {
        startCached(api.uri());
        HttpResponse<String> post = send("POST", "/api/catalog/created", "{\"sku\":1}");
        assertThat(post.statusCode()).isEqualTo(201);
        assertThat(cacheStatus(post)).hasValue("BYPASS");
        assertThat(api.seen).last().isEqualTo(new FakeBackend.Seen("POST", "/api/catalog/created", "{\"sku\":1}", "carried"));

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> personal = send("GET", "/api/catalog/7", null, "Cookie", "session=abc");
            assertThat(personal.statusCode()).isEqualTo(200);
            assertThat(cacheStatus(personal)).hasValue("BYPASS");
        }
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> order = send("GET", "/api/orders/ord-1", null);
            assertThat(order.statusCode()).isEqualTo(200);
            assertThat(order.body()).isEqualTo("orders-1 GET /api/orders/ord-1");
            assertThat(order.headers().firstValue("X-Proxy")).hasValue("proxy-1");
            assertThat(cacheStatus(order)).as("no cache header on a route that is not cached").isEmpty();
        }
        assertThat(api.seen).hasSize(3);
        assertThat(orders1.seen).hasSize(2);
        assertThat(proxy.cacheStats()).isEqualTo(new ProxyCache.Stats(0, 0, 5, 0, 0));
    }

    @Test
    void anUpstreamFailureOnACachedRouteIs502AndNotStored() throws Exception {
        startCached(FakeBackend.deadUri());
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = send("GET", "/api/catalog/7", null);
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).startsWith("{\"error\":\"/api/catalog: ");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(cacheStatus(response)).hasValue("MISS");
        }
        assertThat(proxy.cacheStats().stores()).isZero();
    }
}
