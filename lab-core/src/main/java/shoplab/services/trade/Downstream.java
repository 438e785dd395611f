package shoplab.services.trade;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * JSON over real HTTP to one other service (product, inventory, coupon, the payment provider), over a
 * bounded pool of keep-alive connections. A transport failure is an {@link IOException}; any answer,
 * 2xx or not, is an {@link Answer} for the caller to judge.
 */
public final class Downstream implements AutoCloseable {

    static final int CONNECTIONS = 32;

    /** The other service's answer: its HTTP status and JSON body (an empty object when not JSON). */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status == 200 || status == 201;
        }

        public String error() {
            return body.path("error").asString("");
        }

        public String message() {
            return body.path("message").asString("answered " + status);
        }
    }

    private final String name;
    private final URI base;
    private final ObjectMapper json;
    private final CloseableHttpClient http;

    Downstream(String name, String base, ObjectMapper json) {
        this(name, base, json, Timeout.ofSeconds(15));
    }

    /** With {@code answerWithin} for a connection from the pool and for the answer (a distributed purchase's short limit). */
    public Downstream(String name, String base, ObjectMapper json, Timeout answerWithin) {
        this.name = name;
        this.base = URI.create(base.endsWith("/") ? base : base + "/");
        this.json = json;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(CONNECTIONS).setMaxConnPerRoute(CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(2)).setSocketTimeout(answerWithin).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(answerWithin).setResponseTimeout(answerWithin).build())
                .disableAutomaticRetries() // a retried POST could deduct twice; callers decide
                .build();
    }

    public String name() {
        return name;
    }

    public Answer get(String path) throws IOException {
        return execute(new HttpGet(resolve(path)));
    }

    public Answer post(String path, Map<String, ?> body) throws IOException {
        HttpPost post = new HttpPost(resolve(path));
        post.setEntity(new StringEntity(json.writeValueAsString(body), ContentType.APPLICATION_JSON));
        return execute(post);
    }

    private URI resolve(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private Answer execute(HttpUriRequestBase request) throws IOException {
        return http.execute(request, response -> {
            String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
            JsonNode node;
            try {
                node = text.isBlank() ? json.createObjectNode() : json.readTree(text);
            } catch (JacksonException notJson) {
                node = json.createObjectNode().put("message", text.length() > 200 ? text.substring(0, 200) : text);
            }
            return new Answer(response.getCode(), node == null ? json.createObjectNode() : node);
        });
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
