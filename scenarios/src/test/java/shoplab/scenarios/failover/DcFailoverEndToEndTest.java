package shoplab.scenarios.failover;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.checks.Verdict;
import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.run.FaultStep;
import shoplab.run.Params;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.scenarios.failover.checks.FailoverFigures;
import shoplab.scenarios.failover.checks.NoLostOrderChecker;
import shoplab.scenarios.failover.checks.RecoveryChecker;
import shoplab.scenarios.flashsale.checks.StockFigures;
import shoplab.topology.TopologyLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The failover on the real three-centre stack, short: dc-a is cut off mid-load while its replication link to
 * dc-b runs 100 ms behind, and stalls for the last half second before the cut (the seam that makes async's loss
 * certain: a commit is lost only if its 201 reached the shopper before the cut and its binlog did not reach dc-b,
 * and on a loaded machine the answer's own way back can take longer than 100 ms; semi-sync's commits wait out the
 * stall, well inside its 1 s timeout). Async loses the orders that were on the wire, each listed; semi-sync loses none;
 * neither accepts a write after the fence, oversells or leaves stock unaccounted for, and both serve again.
 * Healed, async's old primary cannot rejoin: it wrote what dc-b never had.
 */
class DcFailoverEndToEndTest {

    private static final Path THREE = Path.of("../topologies/two-site-three-center.yaml");

    @Test
    void asyncLosesWhatWasOnTheWireSemiSyncLosesNothingAndNoWriteLandsTwice(@TempDir Path out) throws Exception {
        DcFailover scenario = new DcFailover();
        Params params = Params.resolve(scenario.parameters(), Map.of(DcFailover.USERS, "2000", DcFailover.RAMP_MS, "16000",
                DcFailover.FAIL_AT_MS, "13000", DcFailover.REPLICATION_DELAY_MS, "100", DcFailover.RECOVER_AT_MS, "20000"));
        List<FaultStep> plan = new ArrayList<>(scenario.plannedFaults(params));
        FaultStep lag = plan.get(0);
        assertThat(lag.action() + " " + lag.target()).isEqualTo("slow dc-b/db->dc-a/db");
        plan.add(new FaultStep(13_000 - 500, "slow", lag.target(), 5_000));
        RunResults results = new Runner(l -> { }).run(new RunRequest(scenario, THREE, Files.readString(THREE),
                TopologyLoader.load(THREE), List.of("async", "semi-sync"), params, 1, out.resolve("bundle"), plan));

        StrategyResult async = results.strategies().get(0);
        StrategyResult semiSync = results.strategies().get(1);
        for (StrategyResult r : List.of(async, semiSync)) {
            assertThat(r.checks()).filteredOn(v -> !v.name().equals(NoLostOrderChecker.NAME))
                    .allSatisfy(v -> assertThat(v.valid()).as(r.name() + " " + v.name() + " " + v.examples()).isTrue());
            assertThat(r.figures().get(FailoverFigures.WRITES_AFTER_FENCE).doubleValue()).isZero();
            assertThat(r.figures().get(StockFigures.OVERSOLD).doubleValue()).isZero();
            assertThat(r.figures()).as("measured: ms, or -1 when never back at the rate before").containsKey(FailoverFigures.RTO_MS);
        }
        Verdict lost = async.checks().stream().filter(v -> v.name().equals(NoLostOrderChecker.NAME)).findFirst().orElseThrow();
        assertThat(lost.valid()).as("async loses the commits on the wire when dc-a is cut off").isFalse();
        assertThat(lost.examples()).isNotEmpty().allMatch(e -> e.contains("acknowledged by dc-a") && e.contains("not in dc-b's"));
        assertThat(semiSync.figures().get(FailoverFigures.RPO_ORDERS).doubleValue()).as("semi-sync: every acknowledged order survives").isZero();
        assertThat(semiSync.figures().get(FailoverFigures.SHED_RATE).doubleValue()).as("refused at once while switching").isPositive();

        // dc-a healed: async's old primary has the lost orders in its binlog and cannot follow. (Semi-sync's may have
        // committed alone too, after its wait for an acknowledgement timed out in the partition: not asserted.)
        RunBundle bundle = RunBundle.open(out.resolve("bundle"));
        assertThat(bundle.readHistory("async").faults()).filteredOn(f -> f.action().startsWith("rejoin"))
                .singleElement().satisfies(f -> assertThat(f.action() + " " + f.detail()).startsWith("rejoin-failed").contains("1236"));
        assertThat(bundle.readHistory("semi-sync").faults()).extracting(FaultEvent::action).containsAnyOf("rejoin", "rejoin-failed");
    }

    /**
     * The protection, end to end, on rules tight enough that this load must meet them (a seam, not hoped-for
     * overload): buys over 20/s per order instance are shed with 429 (and retried after their Retry-After),
     * product reads over 10/s answer degraded from the cache; the history records each class; nothing the
     * checkers judge breaks.
     */
    @Test
    void theProtectedVariantShedsAndDegradesAndTheHistoryRecordsEachClass(@TempDir Path out) throws Exception {
        DcFailover scenario = new DcFailover();
        String tight = Files.readString(THREE).replaceFirst("buy: \\{ qps: \\d+,", "buy: { qps: 20,")
                .replaceFirst("productDetail: \\{ qps: \\d+,", "productDetail: { qps: 10,");
        assertThat(tight).contains("buy: { qps: 20,").contains("productDetail: { qps: 10,");
        Params params = Params.resolve(scenario.parameters(), Map.of(DcFailover.USERS, "600", DcFailover.RAMP_MS, "10000",
                DcFailover.FAIL_AT_MS, "12000", DcFailover.REPLICATION_DELAY_MS, "0"));
        RunResults results = new Runner(l -> { }).run(new RunRequest(scenario, THREE, tight, TopologyLoader.parse(THREE.toString(), tight),
                List.of("semi-sync-with-degrade-limit"), params, 1, out.resolve("bundle"), scenario.plannedFaults(params)));

        StrategyResult r = results.strategies().get(0);
        assertThat(r.checks()).filteredOn(v -> !v.name().equals(RecoveryChecker.NAME))
                .allSatisfy(v -> assertThat(v.valid()).as(v.name() + " " + v.examples()).isTrue());
        History h = RunBundle.open(out.resolve("bundle")).readHistory("semi-sync-with-degrade-limit");
        assertThat(h.ops()).filteredOn(o -> o.f().equals(Op.BUY) && o.status() == 429).as("buys shed by the rate limit")
                .isNotEmpty().allMatch(o -> o.served().equals(Op.SHED));
        assertThat(h.ops()).filteredOn(o -> o.f().equals("product") && o.served().equals(Op.DEGRADED))
                .as("product reads answered from the fallback").isNotEmpty().allMatch(o -> o.status() == 200);
        Map<String, List<Op>> byUser = h.ops().stream().filter(o -> o.f().equals(Op.BUY))
                .collect(java.util.stream.Collectors.groupingBy(Op::user));
        assertThat(byUser.values()).as("a shed buyer came back after its Retry-After").anyMatch(tries -> {
            List<Op> sorted = tries.stream().sorted(java.util.Comparator.comparingLong(Op::startMs)).toList();
            return sorted.size() > 1 && sorted.get(0).served().equals(Op.SHED) && sorted.get(1).startMs() - sorted.get(0).endMs() >= 1000;
        });
    }

    @Test
    void aVariantSetsTheReplicationTheProtectionAndWhoSwitches() throws Exception {
        DcFailover scenario = new DcFailover();
        var three = TopologyLoader.load(THREE);
        var t = scenario.configure(three, "semi-sync-with-degrade-limit-manual-switch");
        assertThat(t.strategies()).containsEntry("replication", "semi-sync").containsEntry("protection", "degrade-limit");
        assertThat(t.trafficManager().automatic()).isFalse();
        assertThat(t.trafficManager().operatorDelayMs()).isEqualTo(DcFailover.OPERATOR_DELAY_MS);
        assertThat(scenario.configure(three, "async").trafficManager().automatic()).isTrue();
        assertThat(scenario.configure(three, "async").strategies()).doesNotContainKey("protection");
        assertThat(scenario.runs("async-manual-switch")).isTrue();
        assertThat(scenario.runs("sync-with-degrade-limit")).isFalse();
        assertThat(scenario.unsafeStrategies()).contains("async", "async-with-degrade-limit-manual-switch").doesNotContain("semi-sync");
        var unprotected = TopologyLoader.parse("t.yaml", Files.readString(THREE).replaceFirst("(?s)\nprotection:\n.*?\n\n", "\n"));
        assertThatThrownBy(() -> scenario.configure(unprotected, "semi-sync-with-degrade-limit"))
                .hasMessageContaining("has none (add a protection: block");
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
