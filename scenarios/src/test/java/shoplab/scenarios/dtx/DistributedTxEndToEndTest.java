package shoplab.scenarios.dtx;

import org.junit.jupiter.api.Test;
import shoplab.history.FaultEvent;
import shoplab.history.Sample;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.run.Params;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.scenarios.dtx.checks.AllOrNothing;
import shoplab.scenarios.dtx.checks.DtxFigures;
import shoplab.scenarios.dtx.checks.DtxState;
import shoplab.topology.TopologyLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distributed-tx scenario on the real stack (MariaDB with three databases, Kafka, trade, inventory and coupon
 * over HTTP, Narayana, Gatling), a 10-second load under the whole fault plan: none leaves purchases half done and
 * the all-or-nothing checker names them; the four safe strategies end consistent. 2PC's coordinator is killed
 * with purchases prepared and not committed: their branches stay in doubt on the timeline until the restarted
 * coordinator's recovery commits them. TCC's late tries meet their cancels: empty rollbacks, then suspended tries;
 * its mutant without the fence lets them reserve, and the all-or-nothing checker catches the hanging holds.
 */
class DistributedTxEndToEndTest {

    static final Path TOPOLOGY = Path.of("../topologies/distributed-tx.yaml");

    @Test
    void noneIsCaughtAndTheFourSafeWaysEndConsistent() throws Exception {
        DistributedTx scenario = new DistributedTx();
        Params params = Params.resolve(scenario.parameters(), Map.of(DistributedTx.SECONDS, "10", DistributedTx.RATE, "15"));
        // Kept under target/ (replaced by the next run): a failing run's bundle is what explains it.
        Path bundleDir = Path.of("target", "distributed-tx-e2e");
        org.springframework.util.FileSystemUtils.deleteRecursively(bundleDir);
        List<String> strategies = List.of("none", "2pc", "async-ensured", "tx-message", "tcc", "tcc-without-fence");
        RunResults results = new Runner(line -> { }).run(new RunRequest(scenario, TOPOLOGY, Files.readString(TOPOLOGY),
                TopologyLoader.load(TOPOLOGY), strategies, params, 1, bundleDir, scenario.plannedFaults(params)));

        assertThat(results.complete()).isTrue();
        StrategyResult none = results.strategies().get(0);
        assertThat(none.unsafe()).isTrue();
        assertThat(none.checks()).filteredOn(v -> v.name().equals(AllOrNothing.NAME))
                .singleElement().satisfies(v -> {
                    assertThat(v.valid()).as("none leaves purchases half done").isFalse();
                    assertThat(v.examples().get(0)).startsWith("purchase p-");
                });

        for (StrategyResult safe : results.strategies().subList(1, 5)) {
            assertThat(safe.checks()).as(safe.name()).allSatisfy(v ->
                    assertThat(v.valid()).as(safe.name() + " " + v.name() + " " + v.examples()).isTrue());
            assertThat(safe.figures().get(DtxFigures.PAID).longValue()).as(safe.name() + " paid").isPositive();
            assertThat(safe.figures().get(DtxFigures.FAILED).longValue()).as(safe.name() + " failed (the undo ran)").isPositive();
        }

        RunBundle bundle = RunBundle.open(bundleDir);
        List<Sample> twoPc = bundle.readHistory("2pc").samples();
        long killed = bundle.readHistory("2pc").faults().stream()
                .filter(f -> f.action().equals("kill") && f.target().equals("trade")).mapToLong(FaultEvent::atMs).findFirst().orElseThrow();
        assertThat(bundle.readHistory("2pc").faults()).filteredOn(f -> f.action().equals("open") && f.target().equals("trade/hold"))
                .as("each hold caught purchases before the kill that follows it").hasSize(2)
                .allSatisfy(f -> assertThat(f.detail()).startsWith("opened, holding "));
        assertThat(twoPc).filteredOn(s -> s.atMs() > killed && s.values().getOrDefault(DtxProbe.IN_DOUBT, 0.0) > 0)
                .as("2pc: branches in doubt after the coordinator died between prepare and commit").isNotEmpty();
        assertThat(twoPc.get(twoPc.size() - 1).values().get(DtxProbe.IN_DOUBT)).as("and recovery resolved them").isZero();
        assertThat(results.strategies().get(1).figures().get(TimelineFigures.IN_DOUBT_MAX).longValue()).isPositive();
        DtxState end = bundle.readFinalState("2pc").snapshot(DtxState.class);
        assertThat(end.pending().inDoubt()).isZero();

        Map<String, Number> tcc = results.strategies().get(4).figures();
        assertThat(tcc.get(TimelineFigures.EMPTY_ROLLBACKS).longValue()).as("tcc: cancels before their try").isPositive();
        assertThat(tcc.get(TimelineFigures.SUSPENDED_TRIES).longValue()).as("tcc: tries after their cancel did nothing").isPositive();

        StrategyResult mutant = results.strategies().get(5);
        assertThat(mutant.unsafe()).isTrue();
        assertThat(mutant.checks()).filteredOn(v -> v.name().equals(AllOrNothing.NAME)).singleElement()
                .as("without the fence, a try after its cancel holds a coupon for a failed purchase")
                .satisfies(v -> assertThat(v.valid()).isFalse());

        assertThat(Files.readString(bundleDir.resolve(RunBundle.INDEX_HTML))).contains(">inconsistent</th>", "in doubt");
    }
}
