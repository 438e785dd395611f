package shoplab.ui.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyModelTest {

    static final Path TOPOLOGIES = Path.of("..", "topologies").toAbsolutePath().normalize();

    @Test
    void scanningLoadsSingleDcFirstWithItsNodesAndLinksIdle() {
        TopologyModel m = new TopologyModel();
        m.scan(TOPOLOGIES);
        assertThat(m.loaded().topology().name()).isEqualTo("single-dc");
        assertThat(m.nodes()).extracting(NodeStatus::name).contains("cdn", "lvs", "proxy", "order", "inventory", "redis", "db");
        assertThat(m.nodes()).allMatch(n -> n.healthProperty().get() == Health.IDLE);
        assertThat(m.links()).extracting(LinkStatus::name).contains("inventory->db");
        assertThat(m.links().get(0).labelProperty().get()).endsWith("ms");
        assertThat(m.errorProperty().get()).isEmpty();
    }

    @Test
    void aMalformedFileSaysFileLineAndFieldAndKeepsTheTopologyLoaded(@TempDir Path dir) throws Exception {
        TopologyModel m = new TopologyModel();
        m.scan(TOPOLOGIES);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(TOPOLOGIES.resolve("single-dc.yaml"))
                .replace("latencyMs: 0.25 }", "latencyMs: fast }"));

        assertThat(m.open(bad)).isFalse();

        assertThat(m.errorProperty().get()).startsWith(bad + ":").contains("latencyMs");
        assertThat(m.loaded().topology().name()).isEqualTo("single-dc");
        assertThat(m.open(TOPOLOGIES.resolve("single-dc.yaml"))).isTrue();
        assertThat(m.errorProperty().get()).isEmpty();
    }
}
