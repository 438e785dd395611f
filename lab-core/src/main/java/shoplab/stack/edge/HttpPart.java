package shoplab.stack.edge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import shoplab.stack.Lifecycle;
import shoplab.stack.net.Threads;

/**
 * The common lifecycle of the HTTP parts of the edge (static site, CDN, reverse proxy): a JDK
 * {@link HttpServer} on {@code 127.0.0.1} with a backlog of {@value #BACKLOG} and a bounded pool of named
 * daemon threads. The first start binds a free port, later starts rebind the same one. A fresh server and
 * pool are made on every start since a JDK server cannot be restarted.
 */
public abstract class HttpPart implements Lifecycle {

    static {
        // The JDK server reads these once, when its first instance is made. Without TCP_NODELAY its
        // header and body writes meet the peer's delayed ACK and every hop costs ~40 ms; the idle cap
        // (default 200) would make thousands of keep-alive clients reconnect again and again.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    }

    private static final Logger log = LoggerFactory.getLogger(HttpPart.class);

    public static final int BACKLOG = 1024;
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final String name;
    private final int threads;
    private final LongAdder requests = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile int port = -1;
    private volatile HttpServer server;
    private ThreadPoolExecutor executor;

    protected HttpPart(String name, int threads) {
        this.name = name;
        this.threads = threads;
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
        return server != null;
    }

    /** Requests received since construction. */
    public long requests() {
        return requests.sum();
    }

    /** The base URL of this part, e.g. {@code http://127.0.0.1:41234}; valid once started. */
    public java.net.URI baseUri() {
        return java.net.URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        HttpServer s = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Math.max(port, 0)), BACKLOG);
        ThreadPoolExecutor pool = Threads.boundedPool(name + "-http", threads);
        s.setExecutor(pool);
        s.createContext("/", this::dispatch);
        try {
            onStart();
            startOnDaemonThread(s);
        } catch (Exception | Error e) {
            s.stop(0);
            pool.shutdownNow();
            onStop();
            throw e;
        }
        port = s.getAddress().getPort();
        executor = pool;
        server = s;
        log.info("{} serving on http://127.0.0.1:{}", name, port);
    }

    @Override
    public void stop() {
        shutdown(false);
    }

    @Override
    public void kill() {
        shutdown(true);
    }

    private synchronized void shutdown(boolean abortive) {
        HttpServer s = server;
        if (s == null) {
            return;
        }
        server = null;
        // graceful: give requests in flight up to a second (the JDK server waits the whole delay otherwise)
        s.stop(!abortive && inFlight.get() > 0 ? 1 : 0);
        if (abortive) {
            executor.shutdownNow();
        } else {
            Threads.shutdown(executor, STOP_GRACE);
        }
        executor = null;
        onStop();
        log.info("{} {} (port {})", name, abortive ? "killed" : "stopped", port);
    }

    /** Called on start before the server accepts, e.g. to make an HTTP client. */
    protected void onStart() throws Exception {
    }

    /** Called on stop/kill after the server stopped, to release what {@link #onStart} made. */
    protected void onStop() {
    }

    /** Handles one exchange; the exchange is closed afterwards. */
    protected abstract void handle(HttpExchange exchange) throws IOException;

    private void dispatch(HttpExchange exchange) {
        requests.increment();
        inFlight.incrementAndGet();
        try {
            handle(exchange);
        } catch (Throwable t) {
            log.debug("{}: {} {} failed: {}", name, exchange.getRequestMethod(), exchange.getRequestURI(),
                    t.toString());
            if (exchange.getResponseCode() == -1) {
                try {
                    HttpForwarder.sendError(exchange, 500, "internal error", name);
                } catch (IOException ignored) {
                    // the client is gone
                }
            }
        } finally {
            exchange.close();
            inFlight.decrementAndGet();
        }
    }

    /**
     * Starts the server from a daemon thread: the JDK server's dispatcher thread inherits the daemon flag of
     * the thread that starts it.
     */
    private void startOnDaemonThread(HttpServer s) throws InterruptedException {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread starter = Threads.daemon(name + "-start").newThread(() -> {
            try {
                s.start();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        starter.start();
        starter.join(STOP_GRACE.toMillis());
        if (starter.isAlive()) {
            throw new IllegalStateException(name + ": server did not start in " + STOP_GRACE);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
