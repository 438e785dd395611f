package shoplab.stack.edge;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One request received by an {@link HttpPart} and its answer. The part may answer at once or later, from
 * any thread (a forwarded request is answered when the upstream is done); the answer is written on the
 * connection's event loop and only the first one counts. Answering releases the request, so the request's
 * body must not be used after that (retain what outlives it).
 */
final class Exchange {

    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final boolean keepAlive;
    private final Runnable connectionDone;
    private final String rawPath;
    private final String rawQuery;
    private Runnable onAnswered = () -> { };
    /** Only read and written on the event loop. */
    private boolean answered;

    Exchange(ChannelHandlerContext ctx, FullHttpRequest request, Runnable connectionDone) {
        this.ctx = ctx;
        this.request = request;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.connectionDone = connectionDone;
        String target = originForm(request.uri());
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        this.rawPath = path.isEmpty() ? "/" : path;
        this.rawQuery = q < 0 ? null : target.substring(q + 1);
    }

    /** {@code http://host:port/a?b} (absolute form, as sent to a forward proxy) becomes {@code /a?b}. */
    private static String originForm(String uri) {
        String u = uri;
        int hash = u.indexOf('#');
        if (hash >= 0) {
            u = u.substring(0, hash);
        }
        if (!u.startsWith("/")) {
            int scheme = u.indexOf("://");
            if (scheme > 0) {
                int slash = u.indexOf('/', scheme + 3);
                u = slash < 0 ? "/" : u.substring(slash);
            }
        }
        return u;
    }

    void onAnswered(Runnable action) {
        this.onAnswered = action;
    }

    String method() {
        return request.method().name();
    }

    HttpMethod httpMethod() {
        return request.method();
    }

    boolean isHead() {
        return HttpMethod.HEAD.equals(request.method());
    }

    /** The request target as received. */
    String uri() {
        return request.uri();
    }

    /** The raw (still percent-encoded) path, never empty. */
    String rawPath() {
        return rawPath;
    }

    /** The raw query without {@code ?}, or null when there is none. */
    String rawQuery() {
        return rawQuery;
    }

    String pathAndQuery() {
        return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    }

    HttpHeaders headers() {
        return request.headers();
    }

    /** The whole request body; valid until the exchange is answered. */
    ByteBuf body() {
        return request.content();
    }

    /** The event loop of the client connection: forwarding on it keeps a request on one thread. */
    EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    /**
     * Sends a complete response and takes ownership of it. Content-Length is set when missing, and the
     * connection's keep-alive decision is applied (hop-by-hop headers are the caller's business).
     */
    void respond(FullHttpResponse response) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> respond(response));
            return;
        }
        if (answered) {
            response.release();
            return;
        }
        answered = true;
        int code = response.status().code();
        if (code >= 200 && code != 204 && code != 304 && !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            HttpUtil.setContentLength(response, response.content().readableBytes());
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        boolean keep = keepAlive && ctx.channel().isActive();
        HttpUtil.setKeepAlive(response.headers(), request.protocolVersion(), keep);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keep) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        request.release();
        onAnswered.run();
        connectionDone.run();
    }

    /** Sends status, the given headers plus {@code extra} name/value pairs, and body (none for HEAD). */
    void respond(int status, HttpHeaders headers, byte[] body, String... extra) {
        boolean noBody = body == null || isHead();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), noBody ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (headers != null) {
            response.headers().set(headers);
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            response.headers().set(extra[i], extra[i + 1]);
        }
        if (body != null && isHead() && !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            HttpUtil.setContentLength(response, body.length);
        }
        respond(response);
    }

    /** Sends {@code {"error":"message"}} with the given status; {@code extra} as in {@link #respond}. */
    void sendError(int status, String message, String... extra) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        respond(status, headers, errorJson(message), extra);
    }

    static byte[] errorJson(String message) {
        return ("{\"error\":\"" + jsonEscape(message) + "\"}").getBytes(StandardCharsets.UTF_8);
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
}
