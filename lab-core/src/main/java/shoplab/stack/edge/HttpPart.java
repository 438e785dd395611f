package shoplab.stack.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import shoplab.stack.Lifecycle;

/**
 * The common lifecycle of the HTTP parts of the edge (static site, CDN, reverse proxy): a Netty HTTP/1.1
 * server on {@code 127.0.0.1} run by {@value #IO_THREADS} named daemon event-loop threads. The edge must
 * cost far less than the services behind it, or a benchmark measures the edge; event loops serve thousands
 * of keep-alive connections without a thread each, and the forwarding client ({@link HttpForwarder}) runs
 * on the same loops, so a proxied request never changes thread.
 *
 * <p>The first start binds a free port, later starts rebind the same one. An event-loop group cannot be
 * restarted, so every start makes a fresh one and stop/kill shut it down (closing every channel on it).
 * Request bodies above {@value #MAX_REQUEST_BYTES} bytes are refused with 413 by the aggregator
 * ({@link RequestAggregator}: the edge's JSON error, the connection kept or closed as HTTP asks). A
 * connection past {@link OverConnectionLimit#MAX_CONNECTIONS} is shed (503) and closed.
 */
public abstract class HttpPart implements Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(HttpPart.class);

    public static final int BACKLOG = 1024;
    static final int IO_THREADS = 2;
    static final int MAX_REQUEST_BYTES = 1 << 20;
    /** How long a graceful stop waits for requests in flight before closing their connections. */
    private static final Duration DRAIN = Duration.ofSeconds(1);
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final String name;
    private final LongAdder requests = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Accepted connections, so stop/kill can close them (the group would only on its own shutdown). */
    private final Set<Channel> children = ConcurrentHashMap.newKeySet();

    private volatile int port = -1;
    private volatile Channel serverChannel;
    private EventLoopGroup group;

    protected HttpPart(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean isUp() {
        return serverChannel != null;
    }

    /** Requests received since construction. */
    public long requests() {
        return requests.sum();
    }

    /** The base URL of this part, e.g. {@code http://127.0.0.1:41234}; valid once started. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public synchronized void start() throws Exception {
        if (serverChannel != null) {
            return;
        }
        EventLoopGroup g = new MultiThreadIoEventLoopGroup(IO_THREADS, new DefaultThreadFactory(name + "-io", true),
                NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(g)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        boolean over = children.size() >= OverConnectionLimit.MAX_CONNECTIONS;
                        children.add(ch);
                        ch.closeFuture().addListener(f -> children.remove(ch));
                        ch.pipeline().addLast(new HttpServerCodec(), new RequestAggregator(MAX_REQUEST_BYTES),
                                over ? new OverConnectionLimit() : new ServerConnection(HttpPart.this));
                    }
                });
        Channel channel;
        try {
            onStart();
            channel = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Math.max(port, 0)))
                    .sync().channel();
        } catch (Exception | Error e) {
            onStop();
            g.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(STOP_GRACE.toMillis());
            throw e;
        }
        port = ((InetSocketAddress) channel.localAddress()).getPort();
        group = g;
        serverChannel = channel;
        log.info("{} serving on http://127.0.0.1:{}", name, port);
    }

    @Override
    public void stop() {
        shutdown(false);
    }

    /** Stops at once: open connections are reset, requests in flight are dropped. */
    @Override
    public void kill() {
        shutdown(true);
    }

    private synchronized void shutdown(boolean abortive) {
        Channel s = serverChannel;
        if (s == null) {
            return;
        }
        serverChannel = null;
        s.close().awaitUninterruptibly(STOP_GRACE.toMillis());
        if (!abortive) {
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
        for (Channel child : new ArrayList<>(children)) {
            if (abortive) {
                // SO_LINGER 0: the close sends RST, as a crashed process would
                try {
                    child.config().setOption(ChannelOption.SO_LINGER, 0);
                } catch (io.netty.channel.ChannelException closedMeanwhile) {
                    // the peer closed it first: nothing to reset
                }
            }
            child.close();
        }
        onStop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(STOP_GRACE.toMillis());
        group = null;
        log.info("{} {} (port {})", name, abortive ? "killed" : "stopped", port);
    }

    /** Called on start before the server binds, e.g. to prepare a client. */
    protected void onStart() throws Exception {
    }

    /** Called on stop/kill once connections are closed, to release what {@link #onStart} made. */
    protected void onStop() {
    }

    /**
     * Handles one request, on the connection's event loop: it must not block for long, and must answer the
     * exchange exactly once, now or later (from any thread).
     */
    protected abstract void handle(Exchange exchange) throws Exception;

    /** Counts and hands one request to {@link #handle}; an exception answers 500. */
    final void dispatch(Exchange exchange) {
        requests.increment();
        inFlight.incrementAndGet();
        exchange.onAnswered(inFlight::decrementAndGet);
        try {
            handle(exchange);
        } catch (Throwable t) {
            log.debug("{}: {} {} failed: {}", name, exchange.method(), exchange.uri(), t.toString());
            exchange.sendError(500, "internal error");
        }
    }
}
