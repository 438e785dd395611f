package shoplab.stack.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StaticSiteTest {

    @TempDir
    Path dir;

    private StaticSite site;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(root.resolve("index.html"), "<h1>shop</h1>");
        Files.createDirectories(root.resolve("static"));
        Files.writeString(root.resolve("static/app.css"), "body{}");
        Files.writeString(root.resolve("static/app.js"), "let x;");
        Files.writeString(dir.resolve("secret.txt"), "top secret");
        site = new StaticSite("static-site", root);
        site.start();
    }

    @AfterEach
    void tearDown() {
        site.kill();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + site.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesFilesWithTheirContentType() throws Exception {
        HttpResponse<String> css = send("GET", "/static/app.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.body()).isEqualTo("body{}");
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));

        HttpResponse<String> js = send("GET", "/static/app.js");
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));

        HttpResponse<String> index = send("GET", "/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("<h1>shop</h1>");
        assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));

        HttpResponse<String> head = send("HEAD", "/index.html");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(site.requests()).isEqualTo(4);
    }

    @Test
    void missingIs404AndOtherMethodsAre405() throws Exception {
        assertThat(send("GET", "/nope.html").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/index.html");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("\"error\"");
        assertThat(send("DELETE", "/index.html").statusCode()).isEqualTo(405);
    }

    @Test
    void neverServesOutsideTheRoot() throws Exception {
        for (String path : new String[] {"/../secret.txt", "/static/../../secret.txt", "/%2e%2e/secret.txt",
                "/static/%2E%2E/%2e%2e/secret.txt"}) {
            String response = rawGet(path);
            assertThat(response).as(path).doesNotContain("top secret");
            assertThat(response).as(path).matches("(?s)HTTP/1\\.1 (400|404) .*");
        }
    }

    /** A raw request line, so no client normalises the path away. */
    private String rawGet(String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), site.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
