package shoplab.stack.edge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import shoplab.stack.net.TcpRelay;

/**
 * The layer-4 load balancer (an LVS director) between the CDN and the reverse proxies: it knows nothing of
 * HTTP, it hands each accepted TCP connection to the next backend in round robin and pipes bytes both ways.
 * A backend that refuses the connection is skipped (each backend is tried once per accept); when all
 * refuse, the client connection is closed. Because it balances connections, not requests, a keep-alive
 * client stays on one backend, as with a real LVS.
 */
public final class Lvs extends TcpRelay {

    private static final Logger log = LoggerFactory.getLogger(Lvs.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final List<InetSocketAddress> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray connections;

    public Lvs(String name, List<InetSocketAddress> backends) {
        super(name);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException(name + ": no backends");
        }
        this.backends = List.copyOf(backends);
        this.connections = new AtomicLongArray(this.backends.size());
    }

    public List<InetSocketAddress> backends() {
        return backends;
    }

    /** Connections handed to each backend since construction, in backend order. */
    public Map<InetSocketAddress, Long> connectionsPerBackend() {
        Map<InetSocketAddress, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < backends.size(); i++) {
            counts.merge(backends.get(i), connections.get(i), Long::sum);
        }
        return counts;
    }

    @Override
    protected Socket openUpstream() {
        int n = backends.size();
        int first = Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            int index = (first + i) % n;
            InetSocketAddress backend = backends.get(index);
            try {
                Socket socket = connect(backend, CONNECT_TIMEOUT);
                connections.incrementAndGet(index);
                return socket;
            } catch (IOException e) {
                log.debug("{}: backend {} refused: {}", name(), backend, e.toString());
            }
        }
        log.debug("{}: every backend refused", name());
        return null;
    }

    @Override
    public String toString() {
        return "Lvs[" + name() + " :" + port() + " -> " + backends + "]";
    }
}
