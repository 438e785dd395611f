package shoplab.stack.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import tools.jackson.databind.json.JsonMapper;

/**
 * What every HTTP part of the edge does before its own handling, here on a real reverse proxy on a random
 * port: a request body above {@link HttpPart#MAX_REQUEST_BYTES} is refused with a 413 that carries the edge's
 * JSON error, and the connection is kept or closed as HTTP/1.1 asks. Raw sockets, to see the bytes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpPartTest {

    private FakeBackend backend;
    private ReverseProxy proxy;

    @BeforeEach
    void setUp() throws Exception {
        backend = new FakeBackend("order");
        Map<String, List<URI>> routes = new LinkedHashMap<>();
        routes.put("/api", List.of(backend.uri()));
        proxy = new ReverseProxy("proxy-1", routes);
        proxy.start();
    }

    @AfterEach
    void tearDown() {
        proxy.kill();
        backend.close();
    }

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void assertTheEdgesJsonError(Response r) {
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(Integer.parseInt(r.header("Content-Length"))).isEqualTo(r.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(JsonMapper.shared().readTree(r.body()).path("error").asString())
                .isEqualTo("request body larger than " + HttpPart.MAX_REQUEST_BYTES + " bytes");
    }

    @Test
    void aDeclaredBodyTooLargeGetsTheJsonErrorAndTheConnectionServesTheNextRequest() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            int length = HttpPart.MAX_REQUEST_BYTES + 1;
            out.write(("POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[length]); // the whole body: read and dropped
            out.write("GET /api/next HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            Response refused = read(in);
            assertTheEdgesJsonError(refused);
            assertThat(refused.header("Connection")).isNull(); // HTTP/1.1: kept alive

            Response next = read(in);
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.body()).isEqualTo("order GET /api/next");
        }
        assertThat(backend.seen).extracting(FakeBackend.Seen::uri).containsExactly("/api/next");
    }

    @Test
    void expectContinueIsRefusedBeforeTheBodyIsSent() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST /api/orders HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                    + (HttpPart.MAX_REQUEST_BYTES + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTheEdgesJsonError(read(s.getInputStream()));
        }
        assertThat(backend.seen).isEmpty();
    }

    /**
     * A chunked body is known too large only once part of it came: the 413 closes the connection, and the
     * edge reads on until the client is done, so the client's writes are not reset and it reads the answer.
     */
    @Test
    void aChunkedBodyTooLargeIsAnsweredThenTheConnectionClosesWithoutAReset() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write("POST /api/orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // Far more than the socket buffers hold: an edge that closed at once would reset these writes.
            byte[] chunk = new byte[64 * 1024];
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int sent = 0; sent <= 16 * HttpPart.MAX_REQUEST_BYTES; sent += chunk.length) {
                out.write(head);
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII)); // throws if the edge reset the connection
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            Response refused = read(in);
            assertTheEdgesJsonError(refused);
            assertThat(refused.header("Connection")).isEqualTo("close");
            assertThat(in.read()).as("end of stream after the answer").isEqualTo(-1);
        }
        assertThat(backend.seen).isEmpty();
    }

    /** One HTTP/1.1 response with a Content-Length body. */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection ended in the headers: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }
}
