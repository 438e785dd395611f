package shoplab.topology;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyLoaderTest {

    static final Path SINGLE_DC = Path.of("../topologies/single-dc.yaml");

    @Test
    void loadsTheShippedSingleDcTopology() {
        Topology t = TopologyLoader.load(SINGLE_DC);
        assertThat(t.name()).isEqualTo("single-dc");
        assertThat(t.dataCenters()).extracting(DataCenter::role).containsExactly("production", "external");
        assertThat(t.component("provider")).get().extracting(Component::kind).isEqualTo(ComponentKind.PAYMENT_PROVIDER);
        assertThat(t.component("proxy")).get().extracting(Component::instances).isEqualTo(2);
        assertThat(t.component("proxy").orElseThrow().routes()).containsEntry("/api/orders", "order");
        assertThat(t.link("inventory", "db")).get().extracting(Link::latencyMs).isEqualTo(0.25);
        assertThat(t.link("lvs", "proxy")).as("edge hops are not declared").isEmpty();
        assertThat(t.strategies()).containsEntry("stock", "redis-lua").containsEntry("payment-guard", "optimistic");
        assertThat(t.withStrategy("stock", "naive").strategies()).containsEntry("stock", "naive");
    }

    @Test
    void aTypoInAFieldNamesFileLineAndField() throws Exception {
        String yaml = Files.readString(SINGLE_DC).replace("latencyMs: 0.25 }", "latncyMs: 0.25 }");
        int line = lineOf(yaml, "latncyMs");
        assertThatThrownBy(() -> TopologyLoader.parse("topologies/bad.yaml", yaml))
                .isInstanceOf(TopologyException.class)
                .hasMessageStartingWith("topologies/bad.yaml:" + line + ": links[")
                .hasMessageContaining("unknown field 'latncyMs'")
                .hasMessageContaining("latencyMs")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnknownKindNamesTheLine() throws Exception {
        String yaml = Files.readString(SINGLE_DC).replace("kind: kafka }", "kind: kafak }");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", yaml))
                .hasMessageStartingWith("t.yaml:" + lineOf(yaml, "kafak") + ": dataCenters[0].components[")
                .hasMessageContaining("kafak");
    }

    @Test
    void aLinkToAnUnknownComponentNamesTheLine() throws Exception {
        String yaml = Files.readString(SINGLE_DC).replace("{ from: inventory, to: redis", "{ from: inventory, to: rdis");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", yaml))
                .hasMessage("t.yaml:" + lineOf(yaml, "to: rdis") + ": links[3].to: unknown component 'rdis'");
    }

    @Test
    void anUnknownStrategyIsRefusedWithTheChoices() throws Exception {
        String yaml = Files.readString(SINGLE_DC).replace("stock: redis-lua", "stock: redis-lau");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", yaml))
                .hasMessageStartingWith("t.yaml:" + lineOf(yaml, "redis-lau") + ": strategies.stock: unknown strategy 'redis-lau'")
                .hasMessageContaining("db-pessimistic");
    }

    @Test
    void badValuesAreRefused() throws Exception {
        String base = Files.readString(SINGLE_DC);
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", base.replace("instances: 2", "instances: 0")))
                .hasMessageContaining("instances: 0 is out of range");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", base.replace("instances: 2", "instances: two")))
                .hasMessageContaining("instances");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", base.replace("latencyMs: 0.25 }", "latencyMs: -1 }")))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", base.replace("name: static,", "name: cdn,")))
                .hasMessageContaining("duplicate component 'cdn'");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", "")).hasMessageStartingWith("t.yaml:1:");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", "name: [unclosed")).hasMessageStartingWith("t.yaml:");
        assertThatThrownBy(() -> TopologyLoader.load(Path.of("no/such.yaml"))).hasMessage("no/such.yaml: no such file");
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in text");
    }
}
