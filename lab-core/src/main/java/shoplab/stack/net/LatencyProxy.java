package shoplab.stack.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network link: a protocol-agnostic TCP proxy in front of a target (the H2 TCP server, Redis, ...) that
 * delays every chunk by the current one-way latency in each direction. Everything in the lab runs in one
 * JVM on loopback, where a round trip costs microseconds; putting this link between a service and its
 * database or cache makes those calls as slow as they would be across a real network, and gives the fault
 * injector a cable to slow down ({@link #setLatencyMs}) or cut ({@link #cut}, {@link #heal}).
 *
 * <p>The latency is a lower bound: each chunk is written no earlier than {@code latency} after it was read
 * (parkNanos precision). Changing it applies to chunks read from then on; the order of bytes is kept.
 */
public final class LatencyProxy extends TcpRelay {

    private static final Logger log = LoggerFactory.getLogger(LatencyProxy.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private volatile InetSocketAddress target;
    private final DoubleSupplier latencySupplier = this::latencyMs;
    private volatile double latencyMs;
    private volatile boolean cut;

    public LatencyProxy(String name, InetSocketAddress target, double latencyMs) {
        super(name);
        if (latencyMs < 0 || Double.isNaN(latencyMs)) {
            throw new IllegalArgumentException("latency must be >= 0 ms: " + latencyMs);
        }
        this.target = target;
        this.latencyMs = latencyMs;
    }

    public InetSocketAddress target() {
        return target;
    }

    /** The current one-way latency in milliseconds. */
    public double latencyMs() {
        return latencyMs;
    }

    /** Sets the one-way latency (the "slow link" fault); 0 passes bytes straight through. */
    public void setLatencyMs(double latencyMs) {
        if (latencyMs < 0 || Double.isNaN(latencyMs)) {
            throw new IllegalArgumentException("latency must be >= 0 ms: " + latencyMs);
        }
        this.latencyMs = latencyMs;
        log.info("{}: latency {} ms", name(), latencyMs);
    }

    /**
     * Points the link at another server (a failover moving the writer's address to the promoted replica,
     * as a VIP moves): open connections are reset, so clients reconnect and reach the new one.
     */
    public void retarget(InetSocketAddress to, double latencyMs) {
        setLatencyMs(latencyMs);
        target = to;
        cut = false; // a new path: a cut of the old one (the partition that caused the failover) is not this one's
        closeAll(true);
        log.info("{}: now to {}", name(), to);
    }

    /** Cuts the link: resets every open connection and closes new ones as soon as they are accepted. */
    public void cut() {
        cut = true;
        closeAll(true);
        log.info("{}: cut", name());
    }

    /** Heals a cut: new connections are relayed again. */
    public void heal() {
        cut = false;
        log.info("{}: healed", name());
    }

    public boolean isCut() {
        return cut;
    }

    @Override
    protected boolean admit(Socket client) {
        return !cut;
    }

    @Override
    protected Socket openUpstream() throws IOException {
        return connect(target, CONNECT_TIMEOUT);
    }

    @Override
    protected DoubleSupplier latency() {
        return latencySupplier;
    }

    @Override
    public String toString() {
        return "LatencyProxy[" + name() + " :" + port() + " -> " + target + ", " + latencyMs + " ms"
                + (cut ? ", cut" : "") + "]";
    }
}
