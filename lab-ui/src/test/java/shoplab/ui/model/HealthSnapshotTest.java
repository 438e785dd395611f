package shoplab.ui.model;

import org.junit.jupiter.api.Test;
import shoplab.history.FaultEvent;
import shoplab.history.Op;
import shoplab.history.Sample;
import shoplab.report.Timeline;
import shoplab.topology.Topology;
import shoplab.topology.TopologyLoader;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthSnapshotTest {

    private final Topology topology = load();
    private final Timeline timeline = new Timeline(Op.BUY);

    private static Topology load() {
        try {
            var file = TopologyModelTest.TOPOLOGIES.resolve("single-dc.yaml");
            return TopologyLoader.parse(file.toString(), Files.readString(file));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Boolean> allUp() {
        Map<String, Boolean> up = new LinkedHashMap<>();
        for (String p : new String[] {"db", "redis", "kafka", "inventory", "order", "proxy-1", "proxy-2", "lvs",
                "static", "cdn", "inventory->db", "order->db"}) {
            up.put(p, true);
        }
        return up;
    }

    @Test
    void everythingServingIsUpWithItsKeyFigure() {
        timeline.onSample(new Sample(1000, Map.of(Sample.REDIS_STOCK, 40.0, Sample.DB_STOCK, 55.0,
                Sample.QUEUE_LAG, 3.0, Sample.REQUESTS_PER_SECOND, 812.4, Sample.HELD, 7.0, Sample.SOLD, 38.0)));

        HealthSnapshot s = HealthSnapshot.of(topology, allUp(), timeline, "dc1");

        assertThat(s.nodes().get("redis")).isEqualTo(new HealthSnapshot.View(Health.UP, "stock 40"));
        assertThat(s.nodes().get("db").text()).isEqualTo("stock 55");
        assertThat(s.nodes().get("kafka").text()).isEqualTo("lag 3");
        assertThat(s.nodes().get("lvs").text()).isEqualTo("812 req/s");
        assertThat(s.nodes().get("order").text()).isEqualTo("7 held, 38 sold");
        assertThat(s.links().get("inventory->db").health()).isEqualTo(Health.UP);
    }

    @Test
    void aKilledPartIsDownAndOneOfTwoInstancesDegrades() {
        Map<String, Boolean> up = allUp();
        up.put("redis", false);
        up.put("proxy-2", false);

        HealthSnapshot s = HealthSnapshot.of(topology, up, timeline, "dc1");

        assertThat(s.nodes().get("redis").health()).isEqualTo(Health.DOWN);
        assertThat(s.nodes().get("proxy").health()).isEqualTo(Health.DEGRADED);
        assertThat(s.nodes().get("proxy").text()).startsWith("1/2 up");
    }

    @Test
    void aSlowedLinkDegradesItAndItsEndsACutOneIsDownUntilHealed() {
        timeline.onFault(new FaultEvent(1000, "slow", "inventory->db", "+20 ms"));
        timeline.onFault(new FaultEvent(1500, "cut", "order->db", "cut"));

        HealthSnapshot s = HealthSnapshot.of(topology, allUp(), timeline, "dc1");
        assertThat(s.links().get("inventory->db").health()).isEqualTo(Health.DEGRADED);
        assertThat(s.links().get("order->db")).isEqualTo(new HealthSnapshot.View(Health.DOWN, "cut"));
        assertThat(s.nodes().get("inventory").health()).isEqualTo(Health.DEGRADED);
        assertThat(s.nodes().get("db").health()).isEqualTo(Health.DEGRADED);

        timeline.onFault(new FaultEvent(2000, "heal", "inventory->db", "healed"));
        timeline.onFault(new FaultEvent(2000, "heal", "order->db", "healed"));
        s = HealthSnapshot.of(topology, allUp(), timeline, "dc1");
        assertThat(s.links().get("order->db").health()).isEqualTo(Health.UP);
        assertThat(s.nodes().get("db").health()).isEqualTo(Health.UP);
    }

    @Test
    void aComponentThisStrategyDoesNotRunIsIdle() {
        Map<String, Boolean> up = allUp();
        up.remove("redis");
        up.remove("kafka");
        assertThat(HealthSnapshot.of(topology, up, timeline, "dc1").nodes().get("redis"))
                .isEqualTo(new HealthSnapshot.View(Health.IDLE, "not used"));
    }

    @Test
    void instanceLinksBelongToTheirDeclaredConnection() {
        var link = shoplab.topology.Wiring.declaredConnections(topology).get(0);
        assertThat(HealthSnapshot.onLink(link.name(), link)).isTrue();
        assertThat(HealthSnapshot.component("proxy-12")).isEqualTo("proxy");
        assertThat(HealthSnapshot.component("dc-b/order-2")).isEqualTo("dc-b/order");
        assertThat(HealthSnapshot.onLink("redis", link)).isFalse();
    }

    @Test
    void threeCentersEachNodeItsOwnHealthAndFigure() throws Exception {
        var file = TopologyModelTest.TOPOLOGIES.resolve("two-site-three-center.yaml");
        Topology three = TopologyLoader.parse(file.toString(), Files.readString(file));
        Map<String, Boolean> up = new LinkedHashMap<>();
        for (String dc : new String[] {"dc-a", "dc-b", "dc-c"}) {
            for (String p : new String[] {"db", "redis", "kafka", "inventory", "order", "proxy-1", "proxy-2", "lvs", "static", "cdn"}) {
                up.put(dc + "/" + p, !dc.equals("dc-b")); // dc-b killed whole
            }
        }
        timeline.onSample(new Sample(1000, Map.of(Sample.REDIS_STOCK, 40.0, "dc-c/redis." + Sample.REDIS_STOCK, 100.0)));

        HealthSnapshot s = HealthSnapshot.of(three, up, timeline, "dc-a");

        assertThat(s.nodes().get("dc-b/redis").health()).isEqualTo(Health.DOWN);
        assertThat(s.nodes().get("dc-b/proxy").health()).isEqualTo(Health.DOWN);
        assertThat(s.nodes().get("dc-a/redis")).as("the entry data center shows the run's figure")
                .isEqualTo(new HealthSnapshot.View(Health.UP, "stock 40"));
        assertThat(s.nodes().get("dc-c/redis").text()).as("its own sample").isEqualTo("stock 100");
        assertThat(s.nodes().get("dc-c/db").text()).as("no sample of its own: no figure borrowed").isEmpty();
        assertThat(s.nodes().get("dc-a/trade").health()).isEqualTo(Health.IDLE);
        assertThat(s.links()).containsKeys("dc-a/inventory->dc-a/db", "dc-c/order->dc-c/inventory", "provider->dc-b/trade");
        assertThat(s.dataCenters().get("dc-b")).isEqualTo(new HealthSnapshot.View(Health.DOWN, "down"));
        assertThat(s.dataCenters().get("dc-a")).isEqualTo(new HealthSnapshot.View(Health.UP, "users here"));
        assertThat(s.dataCenters().get("dc-c")).isEqualTo(new HealthSnapshot.View(Health.UP, "standby"));

        // dc-a fails (isolated, its parts alive), the users move to dc-c, which is then cut from dc-b.
        timeline.onFault(new FaultEvent(2000, "isolate", "dc-a", "cut 20 links"));
        timeline.onFault(new FaultEvent(3000, "partition", "dc-b/dc-c", "cut"));
        up.replaceAll((part, alive) -> true);
        HealthSnapshot moved = HealthSnapshot.of(three, up, timeline, "dc-c");
        assertThat(moved.dataCenters().get("dc-a")).isEqualTo(new HealthSnapshot.View(Health.DOWN, "isolated"));
        assertThat(moved.dataCenters().get("dc-c")).isEqualTo(new HealthSnapshot.View(Health.DEGRADED, "users here, cut from dc-b"));
        assertThat(moved.nodes().get("dc-a/redis").text()).as("the run's figure follows the users").isEmpty();
        assertThat(moved.nodes().get("dc-c/redis").text()).as("its own sample still").isEqualTo("stock 100");

        timeline.onFault(new FaultEvent(4000, "heal", "dc-a", "healed"));
        assertThat(HealthSnapshot.of(three, up, timeline, "dc-c").dataCenters().get("dc-a"))
                .isEqualTo(new HealthSnapshot.View(Health.UP, "standby"));
    }
}
