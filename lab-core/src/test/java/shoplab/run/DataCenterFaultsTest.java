package shoplab.run;

import org.junit.jupiter.api.Test;
import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.stack.Stack;
import shoplab.stack.TestStacks;
import shoplab.stack.edge.Cdn;
import shoplab.history.Sample;
import shoplab.stack.store.SqlStore;
import shoplab.stack.store.KafkaBroker;
import shoplab.stack.store.RedisNode;
import shoplab.topology.TopologyLoader;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every data center boots its own parts, the replicas following dc-a's stores; a data center dies alone; a
 * partition cuts what crosses between two.
 */
class DataCenterFaultsTest {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void threeCentersEachBootTheirOwnStackAndDcAKilledTakesOnlyItsOwnParts() throws Exception {
        var topology = TestStacks.threeCentersWithoutTrafficManager(); // TrafficSwitchTest: with it
        try (Stack stack = Stack.boot(topology, TestStacks.sale("sku-1:5", 1, 60_000), s -> { })) {
            for (String dc : List.of("dc-a", "dc-b", "dc-c")) {
                List<Stack.Part> parts = stack.instances(dc);
                assertThat(parts).extracting(Stack.Part::name).as(dc)
                        .contains(dc + "/db", dc + "/redis", dc + "/kafka", dc + "/order", dc + "/inventory",
                                dc + "/proxy-1", dc + "/proxy-2", dc + "/lvs", dc + "/static", dc + "/cdn");
                assertThat(parts).allMatch(p -> p.lifecycle().isUp(), "all up");
                assertThat(parts.stream().filter(p -> p.lifecycle() instanceof SqlStore || p.lifecycle() instanceof RedisNode
                        || p.lifecycle() instanceof KafkaBroker)).as(dc + " has its own stores").hasSize(3);
            }
            assertThat(stack.bootMillis()).isPositive();
            URI a = stack.entryUrl();
            URI b = entryOf(stack, "dc-b");
            assertThat(a).isNotEqualTo(b);
            assertThat(buy(a, "u-1")).isEqualTo(201);
            assertThat(buy(b, "u-2")).as("dc-b sells, writing through dc-a's primary stores").isEqualTo(201);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stack.replicas().orElseThrow().figures())
                    .as("dc-b's and dc-c's replicas caught up").containsEntry("dc-b/db." + Sample.REPLICATION_LAG_TX, 0.0)
                    .containsEntry("dc-c/db." + Sample.REPLICATION_LAG_TX, 0.0).containsEntry("dc-b/redis." + Sample.REPLICATION_LAG_BYTES, 0.0));
            HttpResponse<String> served = HTTP.send(HttpRequest.newBuilder(b.resolve("/api/stock/sku-1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(served.headers().firstValue("X-Served-By")).as("the instance that served it").hasValue("dc-b/inventory");
            assertThat(served.headers().firstValue("X-Data-Center")).hasValue("dc-b");
            assertThat(served.headers().firstValue("X-Proxy")).get().asString().startsWith("dc-b/proxy-");

            History history = new History();
            AtomicLong clock = new AtomicLong(1_000);
            Faults faults = new Faults(stack, history, clock::get);
            faults.kill("dc-a");
            assertThat(stack.instances("dc-a")).noneMatch(p -> p.lifecycle().isUp());
            assertThat(stack.instances("dc-b")).allMatch(p -> p.lifecycle().isUp());
            assertThat(stack.instances("dc-c")).allMatch(p -> p.lifecycle().isUp());
            assertThat(buy(b, "u-3")).as("dc-b cannot sell while its primary is gone and nothing promoted its replicas")
                    .isNotEqualTo(201);
            assertThat(status(a.resolve("/sale/sku-1.html"))).as("dc-a's entry is gone").isEqualTo(-1);

            clock.set(2_000);
            faults.restart("dc-a");
            assertThat(stack.instances("dc-a")).allMatch(p -> p.lifecycle().isUp());
            assertThat(status(a.resolve("/sale/sku-1.html"))).isEqualTo(200);
            assertThat(history.faults()).extracting(FaultEvent::action, FaultEvent::target).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("kill", "dc-a"), org.assertj.core.groups.Tuple.tuple("heal", "dc-a"));
        }
    }

    @Test
    void aServiceCallingAnotherSitesDatabaseCrossesTheSiteLinkAndAPartitionCutsIt() throws Exception {
        var topology = TopologyLoader.load(Path.of("src/test/resources/topologies/two-dc-shared-db.yaml"));
        try (Stack stack = Stack.boot(topology, TestStacks.sale("sku-1:100", 1, 60_000), s -> { })) {
            assertThat(stack.links()).containsKeys("dc-b/inventory->db", "dc-b/order-1->db", "dc-b/order-2->db");
            assertThat(stack.links().get("dc-b/inventory->db").latencyMs()).as("the site link's latency").isEqualTo(2.0);
            assertThat(stack.linksBetween("dc-a", "dc-b")).hasSize(3);
            assertThat(stack.instances("dc-b/order")).extracting(Stack.Part::name).containsExactly("dc-b/order-1", "dc-b/order-2");
            URI a = stack.entryUrl();
            URI b = entryOf(stack, "dc-b");
            for (int i = 1; i <= 4; i++) { // both order instances place orders (distinct ids on the one shared database)
                assertThat(buy(b, "u-b" + i)).isEqualTo(201);
            }

            History history = new History();
            Faults faults = new Faults(stack, history, () -> 0);
            faults.partition("dc-a/dc-b");
            assertThat(buy(b, "u-cut")).as("dc-b cannot reach its database").isGreaterThanOrEqualTo(500);
            assertThat(buy(a, "u-a")).as("dc-a sells on").isEqualTo(201);
            faults.heal("dc-a/dc-b");
            // Connections the cut reset may still sit in a pool: the first calls after the heal can fail.
            assertThat(firstSuccess(b, 50)).as("dc-b sells again after the heal").isPositive();
            assertThat(history.faults()).extracting(FaultEvent::action).containsExactly("partition", "heal");
        }
    }

    static URI entryOf(Stack stack, String dc) {
        return stack.placedParts().stream().filter(p -> p.dataCenter().equals(dc) && p.lifecycle() instanceof Cdn)
                .map(p -> URI.create("http://127.0.0.1:" + p.lifecycle().port())).findFirst().orElseThrow();
    }

    static int buy(URI entry, String user) throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(entry.resolve("/api/orders")).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"sku\":\"sku-1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    /** The attempt (1-based) at which a buy through {@code entry} first succeeded, or -1 within {@code attempts}. */
    static int firstSuccess(URI entry, int attempts) throws Exception {
        for (int i = 1; i <= attempts; i++) {
            if (buy(entry, "u-retry-" + i) == 201) {
                return i;
            }
            Thread.sleep(100); // bounded polling for a recovery, not a race
        }
        return -1;
    }

    static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
