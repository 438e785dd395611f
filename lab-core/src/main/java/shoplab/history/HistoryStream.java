package shoplab.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The load generator's end of the history stream: every completed operation goes, as one JSON line, over
 * loopback TCP to the lab's {@link HistoryReceiver}. Used from inside the Gatling simulation, which runs
 * in a forked JVM; thread-safe.
 */
public final class HistoryStream implements AutoCloseable {

    /** System properties the lab passes to the forked load generator. */
    public static final String PORT_PROPERTY = "shoplab.history.port";
    public static final String EPOCH_PROPERTY = "shoplab.run.epochMs";

    private final Socket socket;
    private final BufferedWriter out;
    private final long epochMs;

    public HistoryStream(int port, long epochMs) {
        try {
            this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
            this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the lab's history receiver on port " + port, e);
        }
        this.epochMs = epochMs;
    }

    /** Connects to the receiver named by the system properties. */
    public static HistoryStream fromSystemProperties() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            throw new IllegalStateException("-D" + PORT_PROPERTY + " is not set: run this simulation through shoplab");
        }
        return new HistoryStream(Integer.parseInt(port), Long.parseLong(System.getProperty(EPOCH_PROPERTY, "0")));
    }

    /** Milliseconds since the run started, on the lab clock. */
    public long now() {
        return System.currentTimeMillis() - epochMs;
    }

    public synchronized void send(Op op) {
        try {
            out.write(HistoryJson.MAPPER.writeValueAsString(op));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("history stream broken", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.flush();
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
