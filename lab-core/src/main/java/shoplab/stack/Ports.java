package shoplab.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, for servers that cannot bind port 0 themselves (redis-server, H2). */
public final class Ports {

    private Ports() {
    }

    /**
     * The ports handed out lately: a stack picks many ports before it binds them (some in parallel), and the
     * kernel may offer a port again once its probe socket is closed. Bounded: a console runs stack after stack.
     */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Integer, Boolean> eldest) {
                    return size() > 2048;
                }
            });

    /** A free port, not one handed out lately. */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                synchronized (HANDED_OUT) {
                    if (HANDED_OUT.add(s.getLocalPort())) {
                        return s.getLocalPort();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port that was not handed out before");
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
