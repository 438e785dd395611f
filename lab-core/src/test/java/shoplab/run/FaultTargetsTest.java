package shoplab.run;

import org.junit.jupiter.api.Test;
import shoplab.topology.Topology;
import shoplab.topology.TopologyLoader;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A scripted fault that names nothing of the topology is refused before anything boots. */
class FaultTargetsTest {

    static final Topology SINGLE = TopologyLoader.load(Path.of("../topologies/single-dc.yaml"));
    static final Topology THREE = TopologyLoader.load(Path.of("../topologies/two-site-three-center.yaml"));

    static void check(String spec, Topology t) {
        FaultTargets.check(FaultStep.parse(spec), t);
    }

    @Test
    void whatTheTopologyHasIsAccepted() {
        assertThatCode(() -> {
            check("9s:kill:redis", SINGLE);
            check("9s:kill:proxy-2", SINGLE);
            check("9s:restart:proxy", SINGLE);
            check("9s:kill:dc1", SINGLE);
            check("8s:slow:inventory->db:20", SINGLE);
            check("8s:cut:provider->trade", SINGLE);
            check("10s:heal:inventory->db", SINGLE);
            check("20s:kill:dc-a", THREE);
            check("20s:kill:dc-b/order", THREE);
            check("20s:cut:dc-a/inventory->dc-a/db", THREE);
            check("20s:cut:dc-b/inventory->dc-a/db", THREE); // dc-b writes through the primary
            check("20s:partition:dc-a/dc-b", THREE);
            check("30s:heal:dc-a/dc-b", THREE);
            check("8s:open:trade/hold", SINGLE);
            check("9s:heal:trade/late-try", SINGLE);
        }).doesNotThrowAnyException();
    }

    @Test
    void typosAndNonsenseAreRefusedWithWhatExists() {
        assertThatThrownBy(() -> check("8s:kill:nosuch", SINGLE))
                .hasMessageStartingWith("--fault '8.0s:kill:nosuch': no data center, component or instance 'nosuch'")
                .hasMessageContaining("redis");
        assertThatThrownBy(() -> check("8s:kill:proxy-3", SINGLE)).hasMessageContaining("'proxy-3'");
        assertThatThrownBy(() -> check("8s:kill:redis", THREE)).as("ambiguous: which data center's?")
                .hasMessageContaining("dc-a/redis");
        assertThatThrownBy(() -> FaultStep.parse("8s:slow:inventory->db:-20")).hasMessageContaining("(0, 60000]");
        assertThatThrownBy(() -> check("8s:cut:lvs->proxy-1", SINGLE)).as("no proxy on an undeclared hop")
                .hasMessageContaining("no link 'lvs->proxy-1'").hasMessageContaining("inventory->db");
        assertThatThrownBy(() -> check("8s:partition:dc-a/dc-x", THREE)).hasMessageContaining("not two data centers");
        assertThatThrownBy(() -> check("8s:partition:dc-a/dc-a", THREE)).hasMessageContaining("not two data centers");
        assertThatThrownBy(() -> check("8s:open:trade/nap", SINGLE)).hasMessageContaining("trade has no window 'nap'")
                .hasMessageContaining("hold, duplicate, late-try, broker-down");
        assertThatThrownBy(() -> check("8s:open:redis/hold", SINGLE)).hasMessageContaining("a redis has none");
        assertThatThrownBy(() -> check("8s:heal:trade/nap", SINGLE)).hasMessageContaining("no window 'nap'");
    }
}
