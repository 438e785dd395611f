package shoplab.stack.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CdnTest {

    @TempDir
    Path root;

    private StaticSite origin;
    private FakeBackend upstream;
    private Cdn cdn;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(root.resolve("static"));
        Files.writeString(root.resolve("static/app.css"), "body{}");
        Files.writeString(root.resolve("index.html"), "<h1>shop</h1>");
        origin = new StaticSite("static-site", root);
        origin.start();
        upstream = new FakeBackend("api");
    }

    @AfterEach
    void tearDown() {
        if (cdn != null) {
            cdn.kill();
        }
        origin.kill();
        upstream.close();
    }

    private Cdn startCdn(URI upstreamUri) throws Exception {
        cdn = new Cdn("cdn", origin.baseUri(), upstreamUri, Duration.ofMinutes(5));
        cdn.start();
        return cdn;
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cdn.port() + path))
                .header("X-Test", "carried")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void staticContentIsCachedAfterTheFirstMiss() throws Exception {
        startCdn(upstream.uri());
        HttpResponse<String> first = send("GET", "/static/app.css", null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("body{}");
        assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");

        HttpResponse<String> second = send("GET", "/static/app.css", null);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("body{}");
        assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));

        assertThat(origin.requests()).isEqualTo(1);
        assertThat(cdn.hits()).isEqualTo(1);
        assertThat(cdn.misses()).isEqualTo(1);
        assertThat(cdn.stats()).isEqualTo(new Cdn.Stats(1, 1, 0));
        assertThat(cdn.stats().hitRatio()).isEqualTo(0.5);
        assertThat(upstream.seen).isEmpty();

        // the query is part of the key; .html is static too
        assertThat(send("GET", "/static/app.css?v=2", null).headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(send("GET", "/index.html", null).headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(send("GET", "/index.html", null).headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(origin.requests()).isEqualTo(3);
    }

    @Test
    void originErrorsAreRelayedButNotCached() throws Exception {
        startCdn(upstream.uri());
        assertThat(send("GET", "/missing.html", null).statusCode()).isEqualTo(404);
        HttpResponse<String> again = send("GET", "/missing.html", null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(origin.requests()).isEqualTo(2);
    }

    @Test
    void dynamicRequestsPassToTheUpstreamWithBodyAndHeaders() throws Exception {
        startCdn(upstream.uri());
        HttpResponse<String> post = send("POST", "/api/orders/created?sku=42", "{\"qty\":1}");
        assertThat(post.statusCode()).isEqualTo(201);
        assertThat(post.body()).isEqualTo("api POST /api/orders/created");
        assertThat(post.headers().firstValue("X-Cache")).hasValue("PASS");
        assertThat(post.headers().firstValue("X-Backend")).hasValue("api");
        assertThat(upstream.seen).containsExactly(
                new FakeBackend.Seen("POST", "/api/orders/created?sku=42", "{\"qty\":1}", "carried"));

        HttpResponse<String> get = send("GET", "/api/inventory/7", null);
        assertThat(get.headers().firstValue("X-Cache")).hasValue("PASS");
        assertThat(get.body()).isEqualTo("api GET /api/inventory/7");
        assertThat(cdn.passes()).isEqualTo(2);
        assertThat(cdn.stats()).isEqualTo(new Cdn.Stats(0, 0, 2));
        assertThat(cdn.requests()).isEqualTo(2);
        assertThat(origin.requests()).isZero();
    }

    @Test
    void answers502WhenTheUpstreamIsDown() throws Exception {
        startCdn(FakeBackend.deadUri());
        HttpResponse<String> post = send("POST", "/api/orders", "{}");
        assertThat(post.statusCode()).isEqualTo(502);
        assertThat(post.body()).startsWith("{\"error\":");
        assertThat(post.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(post.headers().firstValue("X-Cache")).hasValue("PASS");

        origin.stop();
        assertThat(send("GET", "/static/app.css", null).statusCode()).isEqualTo(502);
    }

    @Test
    void restartKeepsThePort() throws Exception {
        startCdn(upstream.uri());
        int port = cdn.port();
        cdn.stop();
        assertThat(cdn.isUp()).isFalse();
        cdn.start();
        assertThat(cdn.port()).isEqualTo(port);
        assertThat(send("GET", "/api/x", null).statusCode()).isEqualTo(200);
    }
}
