package shoplab.services;

import org.springframework.context.ConfigurableApplicationContext;
import shoplab.services.common.ServiceBoot;
import shoplab.stack.Ports;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** One service booted for real on a free loopback port, and plain HTTP to it. */
public final class ServiceUnderTest implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.shared();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ConfigurableApplicationContext context;
    private final URI base;

    private ServiceUnderTest(ConfigurableApplicationContext context, int port) {
        this.context = context;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    public static ServiceUnderTest start(Class<?> app, Map<String, Object> properties) {
        return start(app, Ports.freePort(), properties);
    }

    /** On a port chosen beforehand, for a service whose properties name its own address (a notify URL). */
    public static ServiceUnderTest start(Class<?> app, int port, Map<String, Object> properties) {
        return new ServiceUnderTest(ServiceBoot.start(app, port, properties), port);
    }

    /** An H2 file database under {@code dir}, as the stack's (MySQL mode, a write per commit). */
    public static Map<String, Object> h2(java.nio.file.Path dir, String name) {
        return Map.of("spring.datasource.url", "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath()
                        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000",
                "spring.datasource.username", "sa",
                "spring.datasource.password", "");
    }

    public URI url(String path) {
        return base.resolve(path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return post(path, "application/json", HttpRequest.BodyPublishers.ofString(json));
    }

    public HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body) {
        return send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(body).build());
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    public static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} every 10 ms until it holds; fails after {@code within}. */
    public static void await(Duration within, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
