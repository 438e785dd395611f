package shoplab.services.order;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Real HTTP to the inventory service (through the order -> inventory link and its latency), over a pool
 * of at most {@link #CONNECTIONS} keep-alive connections, like the DB's connection pool: a spike queues
 * for a connection instead of opening hundreds.
 */
@Component
public class InventoryClient implements AutoCloseable {

    static final int CONNECTIONS = 32;

    /** The inventory's answer: its HTTP status and JSON body. */
    public record Answer(int status, JsonNode body) {
        public String error() {
            return body.path("error").asString("");
        }
    }

    private final URI base;
    private final ObjectMapper json;
    private final CloseableHttpClient http;

    public InventoryClient(@Value("${" + OrderApp.INVENTORY_URL + "}") String base, ObjectMapper json) {
        this.base = URI.create(base);
        this.json = json;
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(CONNECTIONS).setMaxConnPerRoute(CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(2)).setSocketTimeout(Timeout.ofSeconds(30)).build())
                .build();
        this.http = HttpClients.custom().setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofSeconds(30)).setResponseTimeout(Timeout.ofSeconds(30)).build())
                .disableAutomaticRetries()
                .build();
    }

    public Answer deduct(String orderId, String user, String sku, int qty) throws IOException {
        return post("/internal/stock/deduct", Map.of("orderId", orderId, "user", user, "sku", sku, "qty", qty));
    }

    public Answer release(String orderId, String sku) throws IOException {
        return post("/internal/stock/release", Map.of("orderId", orderId, "sku", sku));
    }

    private Answer post(String path, Map<String, Object> body) throws IOException {
        HttpPost post = new HttpPost(base.resolve(path));
        post.setEntity(new StringEntity(json.writeValueAsString(body), ContentType.APPLICATION_JSON));
        return http.execute(post, response -> {
            String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
            JsonNode node = text.isBlank() ? json.createObjectNode() : json.readTree(text);
            return new Answer(response.getCode(), node);
        });
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
