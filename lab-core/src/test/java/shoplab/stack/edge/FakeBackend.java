package shoplab.stack.edge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import shoplab.stack.net.Threads;

/** A JDK HttpServer standing in for a service in tests: answers "{id} {method} {path}" and records requests. */
final class FakeBackend implements AutoCloseable {

    record Seen(String method, String uri, String body, String header) {
    }

    final String id;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4, Threads.daemon("test-backend"));

    FakeBackend(String id) throws IOException {
        this.id = id;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    new String(body, StandardCharsets.UTF_8), exchange.getRequestHeaders().getFirst("X-Test")));
            byte[] answer = (id + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Backend", id);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            int status = exchange.getRequestURI().getPath().endsWith("/created") ? 201 : 200;
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** A loopback address nothing listens on (bound, then released). */
    static InetSocketAddress deadAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
    }

    static URI deadUri() throws IOException {
        return URI.create("http://127.0.0.1:" + deadAddress().getPort());
    }
}
