package shoplab.services.order;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/** Real HTTP to the inventory service (through the order -> inventory link and its latency). */
@Component
public class InventoryClient implements AutoCloseable {

    /** The inventory's answer: its HTTP status and JSON body. */
    public record Answer(int status, JsonNode body) {
        public String error() {
            return body.path("error").asString("");
        }
    }

    private final URI base;
    private final ObjectMapper json;
    private final HttpClient http;
    private final java.util.concurrent.ExecutorService executor;

    public InventoryClient(@Value("${" + OrderApp.INVENTORY_URL + "}") String base, ObjectMapper json) {
        this.base = URI.create(base);
        this.json = json;
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "order-inventory-client");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).executor(executor).build();
    }

    public Answer deduct(String orderId, String user, String sku, int qty) throws IOException, InterruptedException {
        return post("/api/stock/deduct", Map.of("orderId", orderId, "user", user, "sku", sku, "qty", qty));
    }

    public Answer release(String orderId, String sku) throws IOException, InterruptedException {
        return post("/api/stock/release", Map.of("orderId", orderId, "sku", sku));
    }

    private Answer post(String path, Map<String, Object> body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode node = resp.body().isBlank() ? json.createObjectNode() : json.readTree(resp.body());
        return new Answer(resp.statusCode(), node);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
