package shoplab.stack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import shoplab.topology.ComponentKind;
import shoplab.topology.TopologyLoader;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real stack (db-optimistic: H2, both services, the edge) answers bad requests with a 4xx and a clear
 * message, and keeps no partial state: no order, no stock moved.
 */
class StackBadInputTest {

    static Stack stack;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void boot() throws Exception {
        var topology = TopologyLoader.load(Path.of("../topologies/single-dc.yaml")).withStrategy("stock", "db-optimistic");
        stack = Stack.boot(topology, TestStacks.sale("sku-1:5", 1, 60_000), s -> { });
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stack.entryUrl().resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String metrics() throws Exception {
        String orders = HTTP.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl(ComponentKind.ORDER_SERVICE) + "/internal/orders/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String stock = HTTP.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl(ComponentKind.INVENTORY_SERVICE) + "/internal/stock/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return (orders + stock).replaceAll("\"dbStatements\":\\d+,?", ""); // the hold-expiry sweep counts too
    }

    @Test
    void badPurchasesAreRefusedWithA4xxAndChangeNothing() throws Exception {
        String before = metrics();
        String json = "application/json";
        assertThat(post("/api/orders", json, "{\"user\":\"u-1\",\"sku\":\"sku-1\",\"qty\":0}")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("INVALID_QTY");
        });
        assertThat(post("/api/orders", json, "{\"user\":\"u-1\",\"sku\":\"sku-1\",\"qty\":-3}").statusCode()).isEqualTo(400);
        assertThat(post("/api/orders", json, "{\"user\":\"u-1\",\"sku\":\"no-such-sku\"}")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("UNKNOWN_SKU");
        });
        assertThat(post("/api/orders", json, "{\"user\":\"\",\"sku\":\"sku-1\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/orders", json, "{not json").body()).contains("MALFORMED_BODY");
        assertThat(post("/api/orders", "text/plain", "hello").statusCode()).isEqualTo(415);
        assertThat(post("/api/orders/o-999/pay", json, "").statusCode()).isEqualTo(404);
        assertThat(metrics()).isEqualTo(before);
    }

    @Test
    void aGoodPurchaseHoldsAUnitAndAPaymentPaysItOnce() throws Exception {
        HttpResponse<String> placed = post("/api/orders", "application/json", "{\"user\":\"u-good\",\"sku\":\"sku-1\"}");
        assertThat(placed.statusCode()).isEqualTo(201);
        String orderId = placed.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
        assertThat(post("/api/orders/" + orderId + "/pay", "application/json", "").statusCode()).isEqualTo(200);
        assertThat(post("/api/orders/" + orderId + "/pay", "application/json", "").statusCode()).isEqualTo(409);
        assertThat(post("/api/orders", "application/json", "{\"user\":\"u-good\",\"sku\":\"sku-1\"}")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).contains("LIMIT_REACHED");
        });
    }
}
