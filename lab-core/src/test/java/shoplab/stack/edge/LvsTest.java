package shoplab.stack.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LvsTest {

    private final FakeBackend a;
    private final FakeBackend b;
    private Lvs lvs;

    LvsTest() throws IOException {
        a = new FakeBackend("a");
        b = new FakeBackend("b");
    }

    @AfterEach
    void tearDown() {
        if (lvs != null) {
            lvs.kill();
        }
        a.close();
        b.close();
    }

    private Lvs start(List<InetSocketAddress> backends) throws Exception {
        lvs = new Lvs("lvs", backends);
        lvs.start();
        return lvs;
    }

    /** One request per connection, so each one is balanced on its own. */
    private String get(String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), lvs.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void connectionsAlternateBetweenBackends() throws Exception {
        start(List.of(a.address(), b.address()));
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String response = get("/hello");
            assertThat(response).startsWith("HTTP/1.1 200");
            servedBy.add(body(response).split(" ")[0]);
        }
        assertThat(servedBy).containsExactly("a", "b", "a", "b");
        assertThat(lvs.connectionsPerBackend()).containsEntry(a.address(), 2L).containsEntry(b.address(), 2L);
        assertThat(lvs.bytesForwarded()).isPositive();
    }

    @Test
    void aDeadBackendIsSkipped() throws Exception {
        InetSocketAddress dead = FakeBackend.deadAddress();
        start(List.of(dead, a.address()));
        for (int i = 0; i < 3; i++) {
            assertThat(body(get("/x"))).isEqualTo("a GET /x");
        }
        assertThat(lvs.connectionsPerBackend()).containsEntry(dead, 0L).containsEntry(a.address(), 3L);
    }

    @Test
    void allBackendsDeadClosesTheClient() throws Exception {
        start(List.of(FakeBackend.deadAddress(), FakeBackend.deadAddress()));
        String response;
        try {
            response = get("/x");
        } catch (IOException reset) {
            response = "";
        }
        assertThat(response).isEmpty();
    }

    @Test
    void stopReleasesThePortAndRestartKeepsIt() throws Exception {
        start(List.of(a.address()));
        int port = lvs.port();
        lvs.stop();
        Assertions.assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        lvs.start();
        assertThat(lvs.port()).isEqualTo(port);
        assertThat(body(get("/y"))).isEqualTo("a GET /y");
    }
}
