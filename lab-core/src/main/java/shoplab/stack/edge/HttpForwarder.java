package shoplab.stack.edge;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * The HTTP forwarding shared by the {@link Cdn} and the {@link ReverseProxy}: a Netty client that replays
 * an incoming exchange (method, path, query, body, end-to-end headers) against an upstream and relays the
 * answer. Connections are kept alive in one pool per (event loop, upstream), on the event loop of the
 * client connection being served, so forwarding never hands a request to another thread. A pool holds at
 * most {@link #MAX_CONNECTIONS_PER_LOOP} connections; further requests wait for one.
 *
 * <p>Connect timeout {@link #CONNECT_TIMEOUT}, response timeout {@link #RESPONSE_TIMEOUT}. The pools live
 * on the owner's event loops; the owner calls {@link #close()} when it stops, and the loops' shutdown closes
 * the connections.
 */
final class HttpForwarder {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_RESPONSE_BYTES = 16 << 20;
    /** Below the keep-alive timeouts of Tomcat (20-60 s) and the JDK server (30 s). */
    private static final int IDLE_CLOSE_SECONDS = 15;

    /** Hop-by-hop headers (RFC 9110 7.6.1); names starting with {@code Proxy-} are dropped as well. */
    private static final List<AsciiString> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE);
    private static final AsciiString PROXY_PREFIX = AsciiString.cached("proxy-");
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    /** An upstream: where to connect, what to say in Host, and the base path prefixed to request paths. */
    record Target(InetSocketAddress address, String host, String pathPrefix) {

        static Target of(URI base) {
            int port = base.getPort() < 0 ? 80 : base.getPort();
            String prefix = base.getRawPath() == null ? "" : base.getRawPath();
            if (prefix.endsWith("/")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            return new Target(new InetSocketAddress(base.getHost(), port),
                    base.getHost() + (base.getPort() < 0 ? "" : ":" + port), prefix);
        }
    }

    /** Upstream connections per (event loop, upstream); requests beyond them wait for a free one. */
    static final int MAX_CONNECTIONS_PER_LOOP = 64;
    static final int MAX_PENDING_ACQUIRES = 20_000;

    private record PoolKey(EventLoop loop, InetSocketAddress address) {
    }

    private final Map<PoolKey, ChannelPool> pools = new ConcurrentHashMap<>();

    /** Replays the exchange against {@code target}; the exchange's body is retained for the send. */
    Future<FullHttpResponse> forward(Exchange exchange, Target target) {
        HttpHeaders headers = exchange.headers().copy();
        stripHopByHop(headers);
        headers.remove(HttpHeaderNames.EXPECT); // the body is here already
        headers.set(HttpHeaderNames.HOST, target.host());
        ByteBuf body = exchange.body();
        if (body.isReadable() || WITH_BODY.contains(exchange.httpMethod())) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        } else {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, exchange.httpMethod(),
                target.pathPrefix() + exchange.pathAndQuery(), body.retainedDuplicate(), headers,
                EmptyHttpHeaders.INSTANCE);
        return send(exchange.eventLoop(), target, request);
    }

    /** A plain GET of {@code pathAndQuery} on {@code target}, without the client's headers (a cache fill). */
    Future<FullHttpResponse> get(EventLoop loop, Target target, String pathAndQuery) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                target.pathPrefix() + pathAndQuery, Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, target.host());
        return send(loop, target, request);
    }

    /** Relays an upstream answer to the client: status, end-to-end headers plus {@code extra}, body. */
    static void relay(Exchange exchange, FullHttpResponse response, String... extra) {
        stripHopByHop(response.headers());
        for (int i = 0; i + 1 < extra.length; i += 2) {
            response.headers().set(extra[i], extra[i + 1]);
        }
        exchange.respond(response);
    }

    private Future<FullHttpResponse> send(EventLoop loop, Target target, FullHttpRequest request) {
        Promise<FullHttpResponse> promise = loop.newPromise();
        ChannelPool pool = pool(loop, target.address());
        pool.acquire().addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                request.release();
                promise.tryFailure(acquired.cause());
                return;
            }
            Channel channel = acquired.getNow();
            channel.pipeline().get(UpstreamConnection.class).send(channel, pool, request, promise);
        });
        return promise;
    }

    private ChannelPool pool(EventLoop loop, InetSocketAddress address) {
        PoolKey key = new PoolKey(loop, address);
        ChannelPool pool = pools.get(key);
        return pool != null ? pool : pools.computeIfAbsent(key, k -> newPool(loop, address));
    }

    private static ChannelPool newPool(EventLoop loop, InetSocketAddress address) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .remoteAddress(address);
        // Bounded, like nginx's upstream keepalive: a spike of clients queues here instead of opening
        // thousands of connections downstream, whose accept queues would overflow into SYN retries.
        return new FixedChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel ch) {
                ch.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_CLOSE_SECONDS, TimeUnit.SECONDS),
                        new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                        new UpstreamConnection());
            }
        }, ChannelHealthChecker.ACTIVE, FixedChannelPool.AcquireTimeoutAction.FAIL, RESPONSE_TIMEOUT.toMillis(),
                MAX_CONNECTIONS_PER_LOOP, MAX_PENDING_ACQUIRES);
    }

    /** Removes the hop-by-hop headers, including those the Connection header names. */
    static void stripHopByHop(HttpHeaders headers) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            for (String token : connection.split(",")) {
                if (!token.isBlank()) {
                    headers.remove(token.trim());
                }
            }
        }
        for (AsciiString name : HOP_BY_HOP) {
            headers.remove(name);
        }
        List<CharSequence> proxy = null;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence name = it.next().getKey();
            if (AsciiString.regionMatches(name, true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length())) {
                (proxy == null ? proxy = new ArrayList<>() : proxy).add(name);
            }
        }
        if (proxy != null) {
            proxy.forEach(headers::remove);
        }
    }

    /** Whether the failure happened before the request reached the upstream (so trying another is safe). */
    static boolean isConnectFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    static boolean isIdempotent(HttpMethod method) {
        return IDEMPOTENT.contains(method);
    }

    /** A short reason for an upstream failure, fit for an error body. */
    static String describe(Throwable failure) {
        if (failure instanceof UpstreamConnection.ResponseTimeoutException) {
            return "timeout";
        }
        if (failure instanceof io.netty.channel.ConnectTimeoutException) {
            return "connect timeout";
        }
        if (isConnectFailure(failure)) {
            return "connection refused";
        }
        return failure.getClass().getSimpleName();
    }

    /** Forgets the pools (their connections close with the owner's event loops). */
    void close() {
        pools.clear();
    }
}
