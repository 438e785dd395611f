package shoplab.services.payment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import shoplab.services.ServiceUnderTest;
import tools.jackson.core.type.TypeReference;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The merchant's notify endpoint, as a test double: records every notice it receives and acknowledges it
 * in the channel's format, unless told to fail a merchant order's first few deliveries (or all of them).
 */
final class MerchantStub implements AutoCloseable {

    /** A notice as received: its fields, and when. */
    record Received(Map<String, String> fields, long atMs) {
        String get(String field) {
            return fields.get(field);
        }
    }

    static final int NEVER = Integer.MAX_VALUE;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();

    MerchantStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/notify", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/notify");
    }

    /** Fails the first {@code n} deliveries for {@code outTradeNo} ({@link #NEVER}: all of them). */
    void fail(String outTradeNo, int n) {
        failuresLeft.put(outTradeNo, n);
    }

    List<Received> of(String outTradeNo) {
        return received.stream().filter(r -> outTradeNo.equals(r.get("outTradeNo"))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> fields = ServiceUnderTest.JSON.readValue(exchange.getRequestBody().readAllBytes(),
                    new TypeReference<Map<String, String>>() { });
            received.add(new Received(fields, System.currentTimeMillis()));
            int left = failuresLeft.getOrDefault(fields.get("outTradeNo"), 0);
            boolean alipay = "alipay".equals(fields.get("channel"));
            String ack = alipay ? "success" : "{\"code\":\"SUCCESS\"}";
            String wrongAck = alipay ? "{\"code\":\"SUCCESS\"}" : "success"; // the other channel's: not an acknowledgement
            int status = 200;
            String body = ack;
            if (left > 0) {
                failuresLeft.put(fields.get("outTradeNo"), left == NEVER ? NEVER : left - 1);
                boolean first = left % 2 == 1;
                status = first ? 200 : 500;
                body = first ? wrongAck : "busy";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
