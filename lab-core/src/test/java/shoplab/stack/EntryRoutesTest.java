package shoplab.stack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import shoplab.topology.ComponentKind;
import shoplab.topology.InternalPaths;
import shoplab.topology.TopologyLoader;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the entry exposes, on the real stack with every service: the public API the topology routes, and
 * not one internal call. Every endpoint of every service is found by scanning the controllers, so a new
 * one is either in {@link #PUBLIC} (a decision, written down here and in the README) or under
 * {@code /internal}, where the entry never routes it.
 */
class EntryRoutesTest {

    /** The public API: the buyers' calls, the provider's notices, and the provider's own merchant API. */
    static final Set<String> PUBLIC = Set.of(
            "POST /api/orders", "POST /api/orders/{id}/pay", "GET /api/orders/{id}", "GET /api/orders/hello",
            "GET /api/orders/sale-token",
            "GET /api/stock/{sku}",
            "POST /api/trade/orders", "POST /api/trade/orders/{orderId}/pay", "GET /api/trade/orders/{orderId}",
            "POST /api/trade/notify/{channel}", "POST /api/trade/purchases",
            "GET /api/products/{sku}", "POST /api/shipping-fee",
            "GET /api/catalog/products/{sku}", "GET /api/catalog/products/{sku}/stock", "GET /api/catalog/categories",
            "GET /api/catalog/search", "POST /api/catalog/checkouts",
            "POST /api/pay", "POST /api/refund");

    static Stack stack;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void boot() throws Exception {
        var topology = TopologyLoader.load(Path.of("../topologies/single-dc.yaml")).withStrategy("stock", "db-optimistic");
        stack = Stack.boot(topology, TestStacks.everyService(), s -> { });
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** "METHOD /path" of every endpoint of every service. */
    static Set<String> endpoints() throws Exception {
        // Every controller, whatever its condition: one that only some stacks switch on (the catalog) is still the entry's business.
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(org.springframework.core.type.classreading.MetadataReader reader) {
                return reader.getAnnotationMetadata().hasAnnotation(RestController.class.getName());
            }
        };
        scan.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        Set<String> all = new TreeSet<>();
        for (BeanDefinition bean : scan.findCandidateComponents("shoplab.services")) {
            Class<?> controller = Class.forName(bean.getBeanClassName());
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            String prefix = base == null || base.path().length == 0 ? "" : base.path()[0];
            for (Method m : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(m, RequestMapping.class);
                if (mapping != null) {
                    String path = prefix + (mapping.path().length == 0 ? "" : mapping.path()[0]);
                    all.add(mapping.method()[0].name() + " " + path);
                }
            }
        }
        return all;
    }

    @Test
    void everyEndpointIsEitherPublicOrInternal() throws Exception {
        Set<String> endpoints = endpoints();
        assertThat(endpoints).as("the scan found the services").hasSizeGreaterThan(PUBLIC.size());
        assertThat(endpoints).containsAll(PUBLIC);
        for (String e : endpoints) {
            if (!PUBLIC.contains(e)) {
                assertThat(e.split(" ")[1]).as(e + " is not in the public API, so it must live under /internal")
                        .startsWith(InternalPaths.PREFIX + "/");
            }
        }
    }

    @Test
    void noInternalCallIsReachableThroughTheEntryAndTryingChangesNothing() throws Exception {
        String before = state();
        int tried = 0;
        for (String e : endpoints()) {
            String method = e.split(" ")[0];
            String path = e.split(" ")[1];
            if (!path.startsWith(InternalPaths.PREFIX)) {
                continue;
            }
            String concrete = path.replaceAll("\\{[^}]+}", "sku-1");
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(stack.entryUrl().resolve(concrete))
                    .header("Content-Type", "application/json")
                    .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString("{\"orderId\":\"o-1\",\"user\":\"u-1\",\"sku\":\"sku-1\",\"qty\":5}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(e + " through the entry").isEqualTo(404);
            assertThat(r.headers().firstValue("X-Proxy")).as(e + ": refused by the proxy").isPresent();
            assertThat(r.headers().firstValue("X-Served-By")).as(e + ": no service saw it").isEmpty();
            // and with the path dressed up as a public one
            for (String dressed : new String[] {"/api/orders/.." + concrete, "/api/orders/..;" + concrete,
                    "/api/orders/%2e%2e" + concrete, "/api/stock%2f..%2f.." + concrete}) {
                assertThat(raw(method, dressed)).as(dressed).startsWith("HTTP/1.1 400");
            }
            tried++;
        }
        assertThat(tried).as("internal endpoints tried").isGreaterThanOrEqualTo(15);
        assertThat(state()).as("stock, orders, trades, coupons and the provider's books unchanged").isEqualTo(before);
        assertThat(HTTP.send(HttpRequest.newBuilder(stack.entryUrl().resolve("/api/stock/sku-1")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).as("the public stock read still works").contains("\"stock\":5");
    }

    /**
     * The provider's merchant API is on the internet: anyone can reach it and the merchant and app ids are no
     * secret. Without the merchant's key (random for every stack) nobody pays or refunds as the merchant.
     */
    @Test
    void theProviderTakesOnlyRequestsSignedWithTheMerchantsKey() throws Exception {
        String provider = stack.serviceUrl(ComponentKind.PAYMENT_PROVIDER);
        String ledger = state();
        String[] attempts = {
            "{\"merchantId\":\"shoplab\",\"appId\":\"shoplab-app\",\"outTradeNo\":\"ord-1-p1\",\"amountCents\":100,"
                    + "\"notifyUrl\":\"http://127.0.0.1:9/mine\",\"channel\":\"alipay\",\"orderId\":\"ord-1\"}",
            "{\"merchantId\":\"shoplab\",\"appId\":\"shoplab-app\",\"outTradeNo\":\"ord-1-p1\",\"amountCents\":100,"
                    + "\"notifyUrl\":\"http://127.0.0.1:9/mine\",\"channel\":\"alipay\",\"orderId\":\"ord-1\","
                    + "\"sign\":\"" + new shoplab.services.common.Signer("shoplab-merchant-key".getBytes(StandardCharsets.UTF_8))
                    .sign(java.util.Map.of("merchantId", "shoplab", "appId", "shoplab-app", "outTradeNo", "ord-1-p1",
                            "amountCents", "100", "notifyUrl", "http://127.0.0.1:9/mine", "channel", "alipay", "orderId", "ord-1"))
                    + "\"}"};
        for (String body : attempts) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(provider + "/api/pay"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(r.body()).containsAnyOf("UNSIGNED", "BAD_SIGNATURE");
        }
        assertThat(state()).as("no charge made").isEqualTo(ledger);
    }

    /** One request written byte for byte to the entry: HTTP clients would normalise these paths. */
    private static String raw(String method, String target) throws Exception {
        URI entry = stack.entryUrl();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), entry.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: shoplab\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String state() throws Exception {
        StringBuilder s = new StringBuilder();
        for (String[] read : new String[][] {{"INVENTORY_SERVICE", "/internal/stock/metrics"}, {"ORDER_SERVICE", "/internal/orders/metrics"},
                {"TRADE_SERVICE", "/internal/trade/snapshot"}, {"COUPON_SERVICE", "/internal/coupons"},
                {"PAYMENT_PROVIDER", "/internal/ledger"}}) {
            s.append(HTTP.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl(ComponentKind.valueOf(read[0])) + read[1])).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).append('\n');
        }
        return s.toString().replaceAll("\"dbStatements\":\\d+,?", ""); // the services' background sweeps count too
    }
}
