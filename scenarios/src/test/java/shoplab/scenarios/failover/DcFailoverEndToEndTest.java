package shoplab.scenarios.failover;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.checks.Verdict;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.run.Params;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.scenarios.failover.checks.FailoverFigures;
import shoplab.scenarios.failover.checks.NoLostOrderChecker;
import shoplab.scenarios.flashsale.checks.StockFigures;
import shoplab.topology.TopologyLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The failover on the real three-centre stack, short: dc-a is cut off mid-load while its replication link to
 * dc-b runs 100 ms behind. Async loses the orders that were on the wire, each listed; semi-sync loses none;
 * neither accepts a write after the fence, oversells or leaves stock unaccounted for, and both recover.
 */
class DcFailoverEndToEndTest {

    private static final Path THREE = Path.of("../topologies/two-site-three-center.yaml");

    @Test
    void asyncLosesWhatWasOnTheWireSemiSyncLosesNothingAndNoWriteLandsTwice(@TempDir Path out) throws Exception {
        DcFailover scenario = new DcFailover();
        Params params = Params.resolve(scenario.parameters(), Map.of(DcFailover.USERS, "1500", DcFailover.RAMP_MS, "12000",
                DcFailover.FAIL_AT_MS, "13000", DcFailover.REPLICATION_DELAY_MS, "100"));
        RunResults results = new Runner(l -> { }).run(new RunRequest(scenario, THREE, Files.readString(THREE),
                TopologyLoader.load(THREE), List.of("async", "semi-sync"), params, 1, out.resolve("bundle"),
                scenario.plannedFaults(params)));

        StrategyResult async = results.strategies().get(0);
        StrategyResult semiSync = results.strategies().get(1);
        for (StrategyResult r : List.of(async, semiSync)) {
            assertThat(r.checks()).filteredOn(v -> !v.name().equals(NoLostOrderChecker.NAME))
                    .allSatisfy(v -> assertThat(v.valid()).as(r.name() + " " + v.name() + " " + v.examples()).isTrue());
            assertThat(r.figures().get(FailoverFigures.WRITES_AFTER_FENCE).doubleValue()).isZero();
            assertThat(r.figures().get(StockFigures.OVERSOLD).doubleValue()).isZero();
            assertThat(r.figures().get(FailoverFigures.RTO_MS).doubleValue()).isGreaterThanOrEqualTo(0);
        }
        Verdict lost = async.checks().stream().filter(v -> v.name().equals(NoLostOrderChecker.NAME)).findFirst().orElseThrow();
        assertThat(lost.valid()).as("async loses the commits on the wire when dc-a is cut off").isFalse();
        assertThat(lost.examples()).isNotEmpty().allMatch(e -> e.contains("acknowledged by dc-a") && e.contains("not in dc-b's"));
        assertThat(semiSync.figures().get(FailoverFigures.RPO_ORDERS).doubleValue()).as("semi-sync: every acknowledged order survives").isZero();
    }

    @Test
    void aTopologyWithoutATrafficManagerOrABadFailModeIsRefusedBeforeAnythingBoots() throws Exception {
        DcFailover scenario = new DcFailover();
        Path single = Path.of("../topologies/single-dc.yaml");
        Params params = Params.resolve(scenario.parameters(), Map.of());
        assertThatThrownBy(() -> new RunRequest(scenario, single, Files.readString(single), TopologyLoader.load(single),
                List.of("async"), params, 1, Path.of("unused"), scenario.plannedFaults(params)))
                .hasMessageContaining("dc-failover cannot run on topology 'single-dc'").hasMessageContaining("trafficManager:");
        assertThatThrownBy(() -> scenario.plannedFaults(Params.resolve(scenario.parameters(), Map.of(DcFailover.FAIL_MODE, "flood"))))
                .hasMessageContaining("failMode: 'flood' is not partition or kill");
    }
}
