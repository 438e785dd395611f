package shoplab.stack.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import shoplab.stack.Lifecycle;

/**
 * A loopback TCP acceptor that relays every accepted connection to an upstream socket chosen by the
 * subclass, pumping bytes both ways through a {@link Pipe}. The base of {@link LatencyProxy} (a network
 * link) and of the layer-4 load balancer.
 *
 * <p>Binds {@code 127.0.0.1} on a free port at the first start and rebinds the same port on a restart.
 * Each connection costs two pump threads (one per direction), all named daemons from a per-start executor
 * that stop/kill shut down along with every open connection.
 */
public abstract class TcpRelay implements Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(TcpRelay.class);

    public static final int BACKLOG = 1024;
    /** Upper bound on pump threads per relay; a connection beyond it is refused (closed). */
    private static final int MAX_THREADS = 8192;
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final String name;
    private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();
    private final LongAdder bytesForwarded = new LongAdder();
    private final AtomicLong connectionIds = new AtomicLong();

    private volatile int port = -1;
    private volatile ServerSocket serverSocket;
    private ThreadPoolExecutor executor;
    private Thread acceptor;

    protected TcpRelay(String name) {
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
        ServerSocket ss = serverSocket;
        return ss != null && !ss.isClosed();
    }

    /** Connections currently relayed. */
    public int openConnections() {
        return pipes.size();
    }

    /** Bytes written to either side since construction. */
    public long bytesForwarded() {
        return bytesForwarded.sum();
    }

    @Override
    public synchronized void start() throws IOException {
        if (isUp()) {
            return;
        }
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Math.max(port, 0)), BACKLOG);
        } catch (IOException e) {
            ss.close();
            throw e;
        }
        port = ss.getLocalPort();
        executor = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Threads.daemon(name + "-conn"));
        ThreadPoolExecutor pumps = executor;
        acceptor = Threads.daemon(name + "-accept").newThread(() -> acceptLoop(ss, pumps));
        serverSocket = ss;
        acceptor.start();
        log.info("{} listening on 127.0.0.1:{}", name, port);
    }

    @Override
    public void stop() {
        shutdown(false);
    }

    /** Stops and resets every open connection, as a crash would. */
    @Override
    public void kill() {
        shutdown(true);
    }

    private synchronized void shutdown(boolean abortive) {
        ServerSocket ss = serverSocket;
        if (ss == null) {
            return;
        }
        serverSocket = null;
        try {
            ss.close();
        } catch (IOException e) {
            log.debug("{}: closing listener: {}", name, e.toString());
        }
        joinQuietly(acceptor);
        acceptor = null;
        closeAll(abortive);
        Threads.shutdown(executor, STOP_GRACE);
        executor = null;
        log.info("{} {} (port {})", name, abortive ? "killed" : "stopped", port);
    }

    /** Closes (or resets) every open connection; the listener stays. */
    protected void closeAll(boolean abortive) {
        for (Pipe pipe : new ArrayList<>(pipes)) {
            if (abortive) {
                pipe.reset();
            } else {
                pipe.close();
            }
        }
    }

    /** Whether to relay this fresh client connection; when false it is closed at once. */
    protected boolean admit(Socket client) {
        return true;
    }

    /** Opens the upstream connection for a new client, or returns {@code null} when none is reachable. */
    protected abstract Socket openUpstream() throws IOException;

    /** The current one-way latency to add, or {@code null} for a plain pipe. */
    protected DoubleSupplier latency() {
        return null;
    }

    /** Connects to {@code address} with a bounded connect timeout. */
    protected static Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) timeout.toMillis());
            return s;
        } catch (IOException e) {
            Pipe.closeQuietly(s);
            throw e;
        }
    }

    private void acceptLoop(ServerSocket ss, ThreadPoolExecutor pumps) {
        while (!ss.isClosed()) {
            Socket client;
            try {
                client = ss.accept();
            } catch (IOException e) {
                if (ss.isClosed()) {
                    return;
                }
                log.warn("{}: accept failed: {}", name, e.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                continue;
            }
            if (!admit(client)) {
                Pipe.closeQuietly(client);
                continue;
            }
            try {
                pumps.execute(idleNamed(() -> relay(ss, client, pumps)));
            } catch (RejectedExecutionException e) {
                Pipe.closeQuietly(client);
            }
        }
    }

    private void relay(ServerSocket ss, Socket client, ThreadPoolExecutor pumps) {
        long id = connectionIds.incrementAndGet();
        Thread.currentThread().setName(name + "-c" + id + "-connect");
        Socket upstream;
        try {
            upstream = openUpstream();
        } catch (IOException | RuntimeException e) {
            log.debug("{}: upstream connect failed: {}", name, e.toString());
            upstream = null;
        }
        if (upstream == null) {
            resetQuietly(client);
            return;
        }
        Pipe pipe = new Pipe(name + "-c" + id, client, upstream, latency(),
                task -> pumps.execute(idleNamed(task)), bytesForwarded, pipes::remove);
        pipes.add(pipe);
        if (ss.isClosed() || !admit(client)) {
            // stopped or cut while we were connecting
            pipe.reset();
            return;
        }
        pipe.start();
    }

    /** Tasks name their thread after the connection; a pooled thread waiting for work says so. */
    private Runnable idleNamed(Runnable task) {
        return () -> {
            try {
                task.run();
            } finally {
                Thread.currentThread().setName(name + "-conn-idle");
            }
        };
    }

    private static void resetQuietly(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closing anyway
        }
        Pipe.closeQuietly(s);
    }

    private static void joinQuietly(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
