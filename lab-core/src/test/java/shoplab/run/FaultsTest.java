package shoplab.run;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.stack.Ports;
import shoplab.stack.Stack;
import shoplab.stack.TestStacks;
import shoplab.topology.TopologyLoader;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults act on the real stack and land in the history, each with its heal. */
class FaultsTest {

    static Stack stack;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void boot() throws Exception {
        var topology = TopologyLoader.load(Path.of("../topologies/single-dc.yaml")).withStrategy("stock", "redis-lua");
        stack = Stack.boot(topology, TestStacks.sale("sku-1:5", 1, 60_000), s -> { });
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static int stockStatus() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stack.entryUrl().resolve("/api/stock/sku-1"))
                .timeout(java.time.Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static int buyStatus(String user) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stack.entryUrl().resolve("/api/orders")).header("Content-Type", "application/json")
                .timeout(java.time.Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"sku\":\"sku-1\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void killAndRestartARedisCutAndHealALinkAllOnTheTimeline() throws Exception {
        History history = new History();
        AtomicLong clock = new AtomicLong();
        Faults faults = new Faults(stack, history, clock::get);
        int redisPort = stack.part("redis").orElseThrow().port();

        clock.set(1_000);
        faults.kill("redis");
        assertThat(stack.part("redis").orElseThrow().isUp()).isFalse();
        assertThat(Ports.listening(redisPort)).isFalse();
        assertThat(stockStatus()).as("reading stock without Redis fails").isGreaterThanOrEqualTo(500);

        clock.set(2_000);
        faults.restart("redis");
        assertThat(Ports.listening(redisPort)).as("restarted on its old port").isTrue();
        // The restarted Redis is empty (no persistence): whatever it answers, nothing may be sold. (A
        // failed call once came back as an empty 200, which the order service took for an OK.)
        assertThat(buyStatus("u-after-restart")).isNotEqualTo(201);

        clock.set(3_000);
        faults.cut("inventory->db");
        assertThat(stockStatus()).isGreaterThanOrEqualTo(500);
        clock.set(4_000);
        faults.heal("inventory->db");

        clock.set(5_000);
        double before = stack.links().get("inventory->db").latencyMs();
        faults.slow("inventory->db", 20);
        assertThat(stack.links().get("inventory->db").latencyMs()).isEqualTo(before + 20);
        faults.heal("inventory->db");
        assertThat(stack.links().get("inventory->db").latencyMs()).isEqualTo(before);

        assertThat(history.faults()).extracting(FaultEvent::atMs, FaultEvent::action, FaultEvent::target).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1_000L, "kill", "redis"),
                org.assertj.core.groups.Tuple.tuple(2_000L, "heal", "redis"),
                org.assertj.core.groups.Tuple.tuple(3_000L, "cut", "inventory->db"),
                org.assertj.core.groups.Tuple.tuple(4_000L, "heal", "inventory->db"),
                org.assertj.core.groups.Tuple.tuple(5_000L, "slow", "inventory->db"),
                org.assertj.core.groups.Tuple.tuple(5_000L, "heal", "inventory->db"));
    }

    @Test
    void unknownTargetsAreRefusedWithTheChoices() {
        Faults faults = new Faults(stack, new History(), () -> 0);
        assertThatThrownBy(() -> faults.kill("rdis")).hasMessageContaining("no data center, component or instance 'rdis'").hasMessageContaining("redis");
        assertThatThrownBy(() -> faults.cut("a->b")).hasMessageContaining("no link 'a->b'").hasMessageContaining("inventory->db");
        assertThatThrownBy(() -> faults.slow("inventory->db", -1)).hasMessageContaining("extra latency");
    }
}
