package shoplab.stack.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pumps bytes both ways between two connected sockets, protocol-agnostic, as the wire between two boxes
 * would. Used by {@link LatencyProxy} (a slow network link) and the layer-4 load balancer.
 *
 * <p>Each direction has one thread: it reads a chunk, waits until the chunk is due ({@code read time +
 * latency}), and writes it. Doing the delay in the reading thread, rather than handing chunks to a writer
 * thread, saves a thread wake-up per chunk, which on two cores is most of a link's cost. The price is
 * head-of-line delay under pipelining: bytes that arrive while a chunk waits are read when it has been
 * written, so they see between one and two latencies. Request/response traffic with one request in flight
 * per connection (HTTP/1.1, JDBC) sees exactly one.
 *
 * <p>Half-close: when one side ends its output, the pending bytes are flushed to the other side, then that
 * side's output is shut down too. When both directions have ended (or after a bounded grace period), both
 * sockets are closed. An I/O error on either side resets both.
 */
public final class Pipe {

    private static final Logger log = LoggerFactory.getLogger(Pipe.class);

    private static final int CHUNK = 16 * 1024;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long HALF_CLOSE_GRACE_MS = 60_000;

    private final String name;
    private final Socket client;
    private final Socket server;
    private final DoubleSupplier latencyMs;
    private final Executor executor;
    private final LongAdder bytesForwarded;
    private final Consumer<Pipe> onClosed;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final AtomicInteger directionsDone = new AtomicInteger();
    private final Direction up;
    private final Direction down;

    /**
     * @param name           for thread names and logs, e.g. {@code db-link-c17}
     * @param client         the accepted side
     * @param server         the connected upstream side
     * @param latencyMs      current one-way latency in ms, read per chunk; {@code null} for none
     * @param executor       runs the pump threads
     * @param bytesForwarded incremented by every byte written to either side
     * @param onClosed       called once when the pipe is closed
     */
    public Pipe(String name, Socket client, Socket server, DoubleSupplier latencyMs, Executor executor,
                LongAdder bytesForwarded, Consumer<Pipe> onClosed) {
        this.name = name;
        this.client = client;
        this.server = server;
        this.latencyMs = latencyMs;
        this.executor = executor;
        this.bytesForwarded = bytesForwarded;
        this.onClosed = onClosed;
        this.up = new Direction("up", client, server);
        this.down = new Direction("down", server, client);
    }

    public String name() {
        return name;
    }

    /** Starts pumping both ways; on failure to get threads the pipe is reset. */
    public void start() {
        try {
            setNoDelay(client);
            setNoDelay(server);
            executor.execute(up::readLoop);
            executor.execute(down::readLoop);
        } catch (RejectedExecutionException e) {
            log.debug("{}: no thread to pump, resetting", name);
            reset();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Closes both sockets (FIN); queued bytes are dropped. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(client);
        closeQuietly(server);
        closedLatch.countDown();
        try {
            onClosed.accept(this);
        } catch (RuntimeException e) {
            log.warn("{}: close callback failed", name, e);
        }
    }

    /** Closes both sockets abortively (RST), as a crash or a cut cable would. */
    public void reset() {
        if (closed.get()) {
            return;
        }
        lingerZero(client);
        lingerZero(server);
        close();
    }

    private void directionDone() {
        if (directionsDone.incrementAndGet() == 2) {
            close();
        }
    }

    private final class Direction {
        final String label;
        final Socket from;
        final Socket to;

        Direction(String label, Socket from, Socket to) {
            this.label = label;
            this.from = from;
            this.to = to;
        }

        void readLoop() {
            Thread.currentThread().setName(name + "-" + label);
            byte[] buf = new byte[CHUNK];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (n == 0) {
                        continue;
                    }
                    if (!waitUntil(dueAt(currentLatency()))) {
                        return;
                    }
                    out.write(buf, 0, n);
                    bytesForwarded.add(n);
                }
                // end of stream from `from`: the FIN travels the link like the bytes did
                if (!waitUntil(dueAt(currentLatency()))) {
                    return;
                }
                finish();
                // keep the thread for a bounded wait on the other direction, then close whatever is left
                if (!closedLatch.await(HALF_CLOSE_GRACE_MS, TimeUnit.MILLISECONDS)) {
                    log.debug("{}: half-closed for {} ms, closing", name, HALF_CLOSE_GRACE_MS);
                    close();
                }
            } catch (IOException e) {
                if (!closed.get()) {
                    log.debug("{}: {} failed: {}", name, label, e.toString());
                    reset();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
            }
        }

        private double currentLatency() {
            return latencyMs == null ? 0 : latencyMs.getAsDouble();
        }

        /** Parks until {@code dueNanos}; false when the pipe closed meanwhile. */
        private boolean waitUntil(long dueNanos) {
            long wait;
            while ((wait = dueNanos - System.nanoTime()) > 0) {
                if (closed.get()) {
                    return false;
                }
                LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
            }
            return !closed.get();
        }

        /** The source ended its output: end ours towards the destination. */
        private void finish() {
            try {
                if (!to.isClosed() && !to.isOutputShutdown()) {
                    to.shutdownOutput();
                }
            } catch (IOException e) {
                log.debug("{}: {} shutdownOutput failed: {}", name, label, e.toString());
            }
            directionDone();
        }
    }

    private static long dueAt(double latencyMs) {
        return latencyMs <= 0 ? System.nanoTime() : System.nanoTime() + (long) (latencyMs * 1_000_000d);
    }

    private static void setNoDelay(Socket s) {
        try {
            s.setTcpNoDelay(true);
        } catch (IOException ignored) {
            // closed already; the pump will notice
        }
    }

    private static void lingerZero(Socket s) {
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
