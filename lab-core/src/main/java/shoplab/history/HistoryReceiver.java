package shoplab.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The lab's end of the history stream: accepts the load generator's connection on a random loopback port
 * and appends every operation it reads to the run's {@link History}.
 */
public final class HistoryReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryReceiver.class);

    private final ServerSocket server;
    private final History history;
    private final List<Socket> clients = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread acceptor;

    public HistoryReceiver(History history) throws IOException {
        this.history = history;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "history-receiver");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        try (Socket s = server.accept()) {
            synchronized (clients) {
                clients.add(s);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    history.append(HistoryJson.MAPPER.readValue(line, Op.class));
                }
            }
        } catch (SocketException e) {
            // closed by close()
        } catch (IOException | RuntimeException e) {
            LOG.warn("history stream ended abnormally: {}", e.toString());
        } finally {
            ended.countDown();
        }
    }

    /** Waits (bounded) until the generator closed its stream, so every operation it sent is in. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (clients) {
            for (Socket s : clients) {
                s.close();
            }
        }
    }
}
