package shoplab.stack.edge;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import shoplab.stack.net.Threads;

/**
 * The HTTP forwarding shared by the {@link Cdn} and the {@link ReverseProxy}: one JDK {@link HttpClient}
 * per component (HTTP/1.1, 2 s connect timeout, 30 s request timeout, its own named daemon executor) that
 * replays an incoming exchange (method, path, query, body, end-to-end headers) against a base URL and
 * relays the answer.
 *
 * <p>Java 17's HttpClient has no {@code close()}: {@link #close()} shuts the executor down and the client's
 * selector thread ends once the client is unreachable; owners make a new forwarder on every start.
 */
final class HttpForwarder implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Hop-by-hop headers and those the JDK client sets itself (or refuses); never copied onto a request. */
    private static final Set<String> SKIP_REQUEST_HEADERS = Set.of("connection", "content-length", "host",
            "expect", "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection",
            "proxy-authorization");
    /** Hop-by-hop headers and those the JDK server sets itself; never copied onto a response. */
    private static final Set<String> SKIP_RESPONSE_HEADERS = Set.of("connection", "content-length", "date",
            "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", ":status");
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS");

    private final ExecutorService executor;
    private final HttpClient client;

    HttpForwarder(String owner, int threads) {
        this.executor = Threads.boundedPool(owner + "-client", threads);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** Reads the whole request body of an exchange. */
    static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** The URL of the exchange's path and query on {@code base} (whose own path, if any, is a prefix). */
    static URI target(URI base, HttpExchange exchange) {
        URI incoming = exchange.getRequestURI();
        String b = base.toString();
        if (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        String path = incoming.getRawPath() == null || incoming.getRawPath().isEmpty() ? "/" : incoming.getRawPath();
        String query = incoming.getRawQuery();
        return URI.create(b + path + (query == null ? "" : "?" + query));
    }

    /** Replays the exchange (method, headers, body) against {@code base} and returns the full answer. */
    HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body, URI base)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target(base, exchange))
                .timeout(REQUEST_TIMEOUT)
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (SKIP_REQUEST_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : header.getValue()) {
                try {
                    request.header(header.getKey(), value);
                } catch (IllegalArgumentException restricted) {
                    // a header the JDK client does not let us set (e.g. Date on some versions): drop it
                }
            }
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A plain GET of {@code uri}, without the client's headers (what a cache fetches). */
    HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The end-to-end headers of an upstream answer, to replay on a response. */
    static Headers endToEndHeaders(HttpHeaders upstream) {
        Headers headers = new Headers();
        upstream.map().forEach((key, values) -> {
            if (!SKIP_RESPONSE_HEADERS.contains(key.toLowerCase(Locale.ROOT))) {
                headers.put(key, List.copyOf(values));
            }
        });
        return headers;
    }

    /** Sends a complete response: status, the given headers plus {@code extra} name/value pairs, body. */
    static void respond(HttpExchange exchange, int status, Headers headers, byte[] body, String... extra)
            throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (headers != null) {
            headers.forEach((key, values) -> out.put(key, List.copyOf(values)));
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            out.set(extra[i], extra[i + 1]);
        }
        boolean noBody = body == null || body.length == 0 || "HEAD".equals(exchange.getRequestMethod())
                || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** Sends {@code {"error":"message"}} with the given status; {@code extra} as in {@link #respond}. */
    static void sendError(HttpExchange exchange, int status, String message, String... extra) throws IOException {
        Headers headers = new Headers();
        headers.set("Content-Type", "application/json");
        byte[] body = ("{\"error\":\"" + jsonEscape(message) + "\"}").getBytes(StandardCharsets.UTF_8);
        respond(exchange, status, headers, body, extra);
    }

    /** Whether the failure happened before the request reached the upstream (so trying another is safe). */
    static boolean isConnectFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof NoRouteToHostException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    static boolean isIdempotent(String method) {
        return IDEMPOTENT.contains(method);
    }

    /** A short reason for an upstream failure, fit for an error body. */
    static String describe(Throwable failure) {
        if (failure instanceof java.net.http.HttpTimeoutException) {
            return failure instanceof HttpConnectTimeoutException ? "connect timeout" : "timeout";
        }
        if (isConnectFailure(failure)) {
            return "connection refused";
        }
        return failure.getClass().getSimpleName();
    }

    private static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
