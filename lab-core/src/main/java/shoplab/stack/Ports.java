package shoplab.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, for servers that cannot bind port 0 themselves (redis-server, H2) and for services
 * whose address must be known before they start (links point at them).
 *
 * <p>A port picked now is bound later, sometimes seconds later while other parts boot in parallel. Picked
 * from the kernel's ephemeral range, it could meanwhile be handed to any socket that binds port 0 (a relay,
 * a broker, an outgoing connection): "address already in use". So the lab picks below that range, where
 * the kernel never allocates by itself, and never hands out the same port twice in a while.
 */
public final class Ports {

    /** The lowest port picked: above the usual well-known and registered services' ports. */
    private static final int LOWEST = 10_000;

    /** Ports handed out lately (bounded: a console runs stack after stack). */
    private static final Set<Integer> HANDED_OUT = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
            return size() > 4096;
        }
    });

    private static final int BELOW = ephemeralRangeStart();

    private Ports() {
    }

    /** A free loopback port outside the kernel's ephemeral range, not one handed out lately. */
    public static int freePort() {
        if (BELOW - LOWEST < 1_000) { // no room below the ephemeral range on this machine: let the kernel choose
            return kernelPort();
        }
        int span = BELOW - LOWEST;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = LOWEST + (start + i) % span;
            synchronized (HANDED_OUT) {
                if (HANDED_OUT.contains(port) || !bindable(port)) {
                    continue;
                }
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port between " + LOWEST + " and " + BELOW);
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int kernelPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                synchronized (HANDED_OUT) {
                    if (HANDED_OUT.add(s.getLocalPort())) {
                        return s.getLocalPort();
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port that was not handed out before");
    }

    /** The first port of the kernel's ephemeral range (Linux: {@code ip_local_port_range}), 32768 elsewhere. */
    private static int ephemeralRangeStart() {
        try {
            // Line by line: /proc files say they are empty, and a read sized by that returns one byte.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Whether something accepts connections on the loopback port. */
    public static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
