package shoplab.services.common;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import shoplab.services.ServiceUnderTest;
import shoplab.services.product.ProductApp;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors Tomcat answers itself, before any servlet (a request line or header above its limit, a malformed
 * request line), come in the services' JSON shape, as every other error: a real service, raw requests.
 */
class TomcatErrorsTest {

    static ServiceUnderTest product;

    @BeforeAll
    static void boot() {
        product = ServiceUnderTest.start(ProductApp.class, Map.of(ProductApp.PRICES, "sku-1:1999"));
    }

    @AfterAll
    static void stop() {
        product.close();
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    /** Sends raw bytes, reads the answer until the service closes or the declared length is read. */
    static Answer send(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), product.url("/").getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("no complete answer: " + head);
                }
                head.write(b);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    static void assertJsonError(Answer a, int status, String code) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.headers().get("content-type")).as(a.body()).startsWith("application/json");
        JsonNode json = ServiceUnderTest.JSON.readTree(a.body());
        assertThat(json.path("error").asString()).isEqualTo(code);
        assertThat(json.path("message").asString()).isNotBlank().hasSizeLessThan(300);
        assertThat(a.body()).doesNotContain("Tomcat").doesNotContain("<html");
    }

    @Test
    void aVeryLongPathIsAJsonBadRequest() throws IOException {
        assertJsonError(send("GET /api/prices/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "BAD_REQUEST");
    }

    @Test
    void aHugeHeaderIsAJsonBadRequest() throws IOException {
        assertJsonError(send("GET /api/prices/sku-1 HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"),
                400, "BAD_REQUEST");
    }

    @Test
    void aMalformedRequestLineIsAJsonBadRequest() throws IOException {
        assertJsonError(send("GET /api/prices/{sku} HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "BAD_REQUEST");
    }

    @Test
    void theServicesOwnErrorsKeepTheirShape() throws IOException {
        Answer a = send("GET /api/no-such-endpoint HTTP/1.0\r\n\r\n"); // 1.0: a length, not chunks
        assertJsonError(a, 404, "NOT_FOUND");
        assertThat(a.body()).contains("no such endpoint");
    }
}
