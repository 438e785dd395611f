package shoplab.run;

import org.junit.jupiter.api.Test;
import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.stack.Stack;
import shoplab.stack.TestStacks;
import shoplab.stack.TrafficSwitch;
import shoplab.stack.edge.Gslb;
import shoplab.topology.TopologyLoader;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static shoplab.run.DataCenterFaultsTest.HTTP;
import static shoplab.run.DataCenterFaultsTest.entryOf;

/**
 * The traffic manager in front of three data centers: users reach dc-a through it; a switch fences dc-a
 * (its services refuse writes, its database turns read-only), promotes dc-b's replicas and sends the users
 * there, with the orders dc-a took; a switch to a data center that is down is refused; dc-a dying switches
 * by itself.
 */
class TrafficSwitchTest {

    private static final Path THREE = Path.of("../topologies/two-site-three-center.yaml");

    record Answer(int status, String site, String body) {
    }

    static Answer buy(URI entry, String user) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(entry.resolve("/api/orders")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"sku\":\"sku-1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue(Gslb.SITE_HEADER).orElse(""), r.body());
    }

    @Test
    void aSwitchByHandFencesDcAPromotesDcBAndMovesTheUsersWithTheirOrders() throws Exception {
        try (Stack stack = Stack.boot(TopologyLoader.load(THREE), TestStacks.sale("sku-1:50", 1, 600_000), s -> { })) {
            TrafficSwitch traffic = stack.traffic().orElseThrow();
            URI users = stack.entryUrl();
            await().atMost(Duration.ofSeconds(5)).until(() -> buy(users, "u-1").status() == 201);
            Answer before = buy(users, "u-2");
            assertThat(before.status()).isEqualTo(201);
            assertThat(before.site()).isEqualTo("dc-a");
            String orderId = before.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");

            History history = new History();
            AtomicLong clock = new AtomicLong();
            Faults faults = new Faults(stack, history, clock::get);
            assertThatThrownBy(() -> faults.switchTo("dc-a")).hasMessageContaining("the replica data centers are dc-b, dc-c");
            faults.kill("dc-c/db");
            assertThatThrownBy(() -> faults.switchTo("dc-c")).hasMessageContaining("cannot switch to dc-c: it is down");
            assertThat(traffic.active()).as("a refused switch changes nothing").isEqualTo("dc-a");
            faults.restart("dc-c/db");

            faults.switchTo("dc-b");
            assertThat(traffic.active()).isEqualTo("dc-b");
            assertThat(history.faults()).extracting(FaultEvent::action).containsSubsequence("switch", "fence", "promote", "switched");
            assertThat(history.faults()).filteredOn(f -> f.action().equals("fence")).first()
                    .extracting(FaultEvent::detail).asString().contains("read-only");

            await().atMost(Duration.ofSeconds(5)).until(() -> buy(users, "u-3").status() == 201);
            Answer after = buy(users, "u-4");
            assertThat(after.status()).isEqualTo(201);
            assertThat(after.site()).as("the users are in dc-b now").isEqualTo("dc-b");
            assertThat(buy(users, "u-2").status()).as("dc-b has dc-a's order for u-2 (the per-user limit holds)").isEqualTo(409);
            HttpResponse<String> order = HTTP.send(HttpRequest.newBuilder(users.resolve("/api/orders/" + orderId)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(order.statusCode()).as("the order dc-a took, read in dc-b").isEqualTo(200);

            Answer fenced = buy(entryOf(stack, "dc-a"), "u-5");
            assertThat(fenced.status()).as("dc-a's services refuse writes without the lease").isEqualTo(503);
            assertThat(fenced.body()).contains("FENCED");

            assertThatThrownBy(() -> faults.rejoin("dc-b")).hasMessageContaining("cannot rejoin dc-b: it is the primary");
            assertThatThrownBy(() -> faults.rejoin("dc-c")).hasMessageContaining("it already follows dc-b");
            faults.rejoin("dc-a"); // switched away while reachable: it wrote nothing dc-b lacks, and follows it
            assertThat(history.faults()).extracting(FaultEvent::action).contains("rejoin");
        }
    }

    @Test
    void dcADyingSwitchesToDcBByItself() throws Exception {
        try (Stack stack = Stack.boot(TopologyLoader.load(THREE), TestStacks.sale("sku-1:50", 1, 600_000), s -> { })) {
            URI users = stack.entryUrl();
            await().atMost(Duration.ofSeconds(5)).until(() -> buy(users, "u-1").status() == 201);
            History history = new History();
            Faults faults = new Faults(stack, history, () -> 0);
            faults.kill("dc-a");
            await().atMost(Duration.ofSeconds(30)).until(() -> stack.traffic().orElseThrow().active() != null
                    && stack.traffic().orElseThrow().active().equals("dc-b"));
            java.util.concurrent.atomic.AtomicReference<Answer> last = new java.util.concurrent.atomic.AtomicReference<>();
            await().atMost(Duration.ofSeconds(20)).failFast(() -> false).untilAsserted(() -> {
                last.set(buy(users, "u-2"));
                assertThat(last.get().status()).as("buying in dc-b after the switch: " + last.get() + "; " + history.faults())
                        .isEqualTo(201);
            });
            assertThat(buy(users, "u-1").status()).as("the replicated order of u-1 still counts").isEqualTo(409);
            assertThat(history.faults()).extracting(FaultEvent::action).contains("detect", "switched");
            assertThat(history.faults()).filteredOn(f -> f.action().equals("fence")).first()
                    .extracting(FaultEvent::detail).asString().contains("unreachable");
        }
    }

    /** In manual mode nobody switches at the detection: the person on call does, operatorDelayMs after the alert. */
    @Test
    void inManualModeThePersonOnCallSwitchesAfterTheirDelay() throws Exception {
        var manual = TopologyLoader.load(THREE);
        manual = manual.withTrafficManager(manual.trafficManager().manual(2_000));
        try (Stack stack = Stack.boot(manual, TestStacks.sale("sku-1:50", 1, 600_000), s -> { })) {
            URI users = stack.entryUrl();
            await().atMost(Duration.ofSeconds(5)).until(() -> buy(users, "u-1").status() == 201);
            History history = new History();
            long t0 = System.currentTimeMillis();
            Faults faults = new Faults(stack, history, () -> System.currentTimeMillis() - t0);
            faults.kill("dc-a");
            await().atMost(Duration.ofSeconds(30)).until(() -> "dc-b".equals(stack.traffic().orElseThrow().active()));
            long detected = history.faults().stream().filter(f -> f.action().equals("detect")).findFirst().orElseThrow().atMs();
            FaultEvent switched = history.faults().stream().filter(f -> f.action().equals("switch")).findFirst().orElseThrow();
            assertThat(switched.detail()).contains("by hand, 2000 ms after the alert");
            assertThat(switched.atMs() - detected).as("not before the operator's delay").isGreaterThanOrEqualTo(2_000);
        }
    }
}
