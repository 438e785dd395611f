package shoplab.stack.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LatencyProxyTest {

    private EchoServer echo;
    private LatencyProxy proxy;

    @BeforeEach
    void setUp() throws IOException {
        echo = new EchoServer();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (proxy != null) {
            proxy.kill();
        }
        echo.close();
    }

    private LatencyProxy start(double latencyMs) throws Exception {
        proxy = new LatencyProxy("link", echo.address(), latencyMs);
        proxy.start();
        return proxy;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        return s;
    }

    @Test
    void forwardsBothWaysAndPassesTheHalfCloseOn() throws Exception {
        start(0);
        byte[] payload = new byte[1 << 20];
        new Random(42).nextBytes(payload);
        try (Socket s = connect()) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    s.getOutputStream().write(payload);
                    s.shutdownOutput(); // half-close: the echo server sees EOF and closes its side
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = s.getInputStream().readAllBytes(); // ends only if the FIN comes back through
            writer.get(10, TimeUnit.SECONDS);
            assertThat(back).isEqualTo(payload);
        }
        assertThat(proxy.bytesForwarded()).isGreaterThanOrEqualTo(2L * payload.length);
        await(() -> proxy.openConnections() == 0);
    }

    @Test
    void aRoundTripThroughAFiveMsLinkTakesAtLeastTenMs() throws Exception {
        start(5);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                out.write('x');
                assertThat(in.read()).isEqualTo('x');
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(elapsedMs).isGreaterThanOrEqualTo(10);
            }
            proxy.setLatencyMs(20);
            assertThat(proxy.latencyMs()).isEqualTo(20);
            long t0 = System.nanoTime();
            out.write('y');
            assertThat(in.read()).isEqualTo('y');
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void carriesManyConcurrentConnections() throws Exception {
        start(1);
        int clients = 60;
        ExecutorService pool = Executors.newFixedThreadPool(clients, Threads.daemon("test-client"));
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                results.add(pool.submit(() -> {
                    try (Socket s = connect()) {
                        for (int round = 0; round < 5; round++) {
                            byte[] msg = ("client-" + id + "-round-" + round + "\n").getBytes(StandardCharsets.UTF_8);
                            s.getOutputStream().write(msg);
                            byte[] back = s.getInputStream().readNBytes(msg.length);
                            if (!Arrays.equals(msg, back)) {
                                return false;
                            }
                        }
                        return true;
                    }
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        await(() -> proxy.openConnections() == 0);
    }

    @Test
    void cutRefusesThenHealRestores() throws Exception {
        start(0);
        try (Socket open = connect()) {
            open.getOutputStream().write('a');
            assertThat(open.getInputStream().read()).isEqualTo('a');
            await(() -> proxy.openConnections() == 1);

            proxy.cut();
            assertThat(proxy.isCut()).isTrue();
            assertClosedByPeer(open);
            assertThat(proxy.openConnections()).isZero();
        }
        try (Socket refused = connect()) {
            assertClosedByPeer(refused);
        }

        proxy.heal();
        assertThat(proxy.isCut()).isFalse();
        try (Socket s = connect()) {
            s.getOutputStream().write('b');
            assertThat(s.getInputStream().read()).isEqualTo('b');
        }
    }

    @Test
    void stopReleasesThePortAndRestartKeepsIt() throws Exception {
        start(0);
        int port = proxy.port();
        assertThat(port).isPositive();
        assertThat(proxy.isUp()).isTrue();
        Socket open = connect();
        open.getOutputStream().write('a');
        assertThat(open.getInputStream().read()).isEqualTo('a');

        proxy.stop();
        assertThat(proxy.isUp()).isFalse();
        assertThat(proxy.port()).isEqualTo(port);
        assertThat(proxy.openConnections()).isZero();
        assertClosedByPeer(open);
        open.close();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);

        proxy.start();
        assertThat(proxy.port()).isEqualTo(port);
        try (Socket s = connect()) {
            s.getOutputStream().write('b');
            assertThat(s.getInputStream().read()).isEqualTo('b');
        }

        proxy.kill();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        proxy.start();
        assertThat(proxy.port()).isEqualTo(port);
    }

    /** The peer closed (FIN) or reset the connection: a read ends or fails, it never blocks. */
    static void assertClosedByPeer(Socket s) {
        try {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        } catch (IOException e) {
            assertThat(e).isNotInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    /** Waits (bounded) for a condition that becomes true asynchronously. */
    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 5 s").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
