package shoplab.stack.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A loopback TCP echo server for tests: echoes bytes back and closes its side on end of stream. */
final class EchoServer implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final ExecutorService pool = Executors.newCachedThreadPool(Threads.daemon("test-echo"));

    EchoServer() throws IOException {
        serverSocket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        pool.execute(this::acceptLoop);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), serverSocket.getLocalPort());
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket s = serverSocket.accept();
                pool.execute(() -> echo(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            in.transferTo(out);
        } catch (IOException ignored) {
            // client went away
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        pool.shutdownNow();
    }
}
