package shoplab.scenarios.failover;

import org.junit.jupiter.api.Test;
import shoplab.checks.CheckInput;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.history.FaultEvent;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;
import shoplab.scenarios.failover.checks.FailoverFigures;
import shoplab.scenarios.failover.checks.FailoverSnapshot;
import shoplab.scenarios.failover.checks.NoLostOrderChecker;
import shoplab.scenarios.failover.checks.NoWriteAfterFenceChecker;
import shoplab.scenarios.failover.checks.RecoveryChecker;
import shoplab.scenarios.flashsale.checks.StockSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each failover checker on hand-written histories, with and without the violation it exists for. */
class FailoverCheckersTest {

    private static Op buy(String order, long start, long end, Outcome outcome, int status, String dc) {
        return new Op(Op.BUY, outcome, start, end, "u-" + order, "sku-1", outcome == Outcome.OK ? order : null, status, null,
                dc == null ? null : dc + "/order", dc);
    }

    private static CheckInput input(List<Op> ops, List<FaultEvent> faults, List<String> kept, List<Sample> samples) {
        return new CheckInput(ops, faults, samples, new FinalState(true,
                new FailoverSnapshot("dc-b", new StockSnapshot(List.of(), 1, 0), kept)));
    }

    /** dc-a isolated at 10 s, detected at 10.8 s, switch from 10.8 s to 12 s (lease 1 s). */
    private static final List<FaultEvent> FAILOVER = List.of(
            new FaultEvent(10_000, "isolate", "dc-a", "cut 20 links"),
            new FaultEvent(10_800, "detect", "dc-a", "3 health checks failed in a row"),
            new FaultEvent(10_800, "switch", "dc-a->dc-b", "auto"),
            new FaultEvent(12_000, "switched", "dc-a->dc-b", "traffic and lease moved"));

    @Test
    void anAcknowledgedOrderMissingAfterTheSwitchIsLostAndListed() {
        List<Op> ops = List.of(buy("o-1", 9_000, 9_010, Outcome.OK, 201, "dc-a"), buy("o-2", 9_990, 9_995, Outcome.OK, 201, "dc-a"),
                buy("o-3", 9_999, 10_500, Outcome.UNKNOWN, 0, null));
        Verdict kept = new NoLostOrderChecker().check(input(ops, FAILOVER, List.of("o-1", "o-2"), List.of()));
        assertThat(kept.valid()).isTrue();
        Verdict lost = new NoLostOrderChecker().check(input(ops, FAILOVER, List.of("o-1"), List.of()));
        assertThat(lost.valid()).isFalse();
        assertThat(lost.figures()).containsEntry(FailoverFigures.RPO_ORDERS, 1.0);
        assertThat(lost.examples()).containsExactly("order o-2 of u-o-2, acknowledged by dc-a at 9995 ms, is not in dc-b's order database");
    }

    @Test
    void aBuyTheFencedSiteAcknowledgesAfterItsLeaseRanOutIsAWriteAfterTheFence() {
        List<Op> before = List.of(buy("o-1", 11_700, 11_750, Outcome.OK, 201, "dc-a"), buy("o-2", 12_100, 12_150, Outcome.OK, 201, "dc-b"));
        assertThat(new NoWriteAfterFenceChecker(1_000).check(input(before, FAILOVER, List.of(), List.of())).valid())
                .as("within the lease, and in dc-b after it").isTrue();
        List<Op> after = List.of(buy("o-3", 11_900, 11_950, Outcome.OK, 201, "dc-a"));
        Verdict v = new NoWriteAfterFenceChecker(1_000).check(input(after, FAILOVER, List.of(), List.of()));
        assertThat(v.valid()).isFalse();
        assertThat(v.figures()).containsEntry(FailoverFigures.WRITES_AFTER_FENCE, 1.0);
        assertThat(v.examples().get(0)).contains("o-3").contains("after its fence at 11800 ms");
    }

    private static RecoveryChecker recovery() {
        return new RecoveryChecker("dc-b/db." + Sample.REPLICATION_LAG_TX, "dc-a/db." + Sample.SEMI_SYNC_FALLBACKS);
    }

    @Test
    void recoveryIsTheFirstOfThreeSecondsBackAtNinetyPercentAndNoOrderAfterTheSwitchIsAViolation() {
        List<Op> ops = new ArrayList<>();
        int n = 0;
        for (long t = 5_000; t < 10_000; t += 100) { // 10 orders a second before the failure
            ops.add(buy("o-" + n++, t, t + 5, Outcome.OK, 201, "dc-a"));
        }
        for (long t = 10_000; t < 12_000; t += 100) { // shed while switching
            ops.add(new Op(Op.BUY, Outcome.UNKNOWN, t, t + 5, "u-x" + n++, "sku-1", null, 503, "switching", null, null, Op.SHED));
        }
        ops.add(buy("t-1", 10_500, 12_500, Outcome.UNKNOWN, 0, null)); // timed out: failed
        ops.add(new Op("product", Outcome.OK, 12_100, 12_105, "u-p", "sku-1", null, 200, null, "dc-b/product", "dc-b", Op.DEGRADED));
        List<Op> recovered = new ArrayList<>(ops);
        for (long t = 12_000; t < 16_000; t += 100) {
            recovered.add(buy("o-" + n++, t, t + 5, Outcome.OK, 201, "dc-b"));
        }
        List<Sample> samples = List.of(new Sample(9_900, Map.of("dc-b/db." + Sample.REPLICATION_LAG_TX, 4.0,
                "dc-a/db." + Sample.SEMI_SYNC_FALLBACKS, 1.0)), new Sample(10_100, Map.of("dc-a/db." + Sample.SEMI_SYNC_FALLBACKS, 2.0)));
        Verdict ok = recovery().check(input(recovered, FAILOVER, List.of(), samples));
        assertThat(ok.valid()).isTrue();
        assertThat(ok.figures()).containsEntry(FailoverFigures.RTO_MS, 2000.0).containsEntry(FailoverFigures.SWITCH_MS, 1200.0)
                .as("of the 62 requests from the failure to 5 s after the switch (20 shed, 1 failed, 1 degraded, 40 full)")
                .containsEntry(FailoverFigures.SHED_RATE, 20 / 62.0).containsEntry(FailoverFigures.ERROR_RATE, 1 / 62.0)
                .containsEntry(FailoverFigures.DEGRADED_SHARE, 1 / 62.0)
                .containsEntry(FailoverFigures.LAG_AT_FAULT_TX, 4.0)
                .as("the fall-backs before the failure, not after").containsEntry(FailoverFigures.SEMI_SYNC_FALLBACKS, 1.0);

        List<Op> neverBack = new ArrayList<>(ops);
        for (long t = 12_000; t < 16_000; t += 200) { // half the rate: never back at 90%
            neverBack.add(buy("o-" + n++, t, t + 5, Outcome.OK, 201, "dc-b"));
        }
        Verdict slow = recovery().check(input(neverBack, FAILOVER, List.of(), samples));
        assertThat(slow.valid()).as("serving again, if never back at the rate before").isTrue();
        assertThat(slow.figures()).containsEntry(FailoverFigures.RTO_MS, -1.0);

        Verdict down = recovery().check(input(ops, FAILOVER, List.of(), samples)); // nothing succeeds after the switch
        assertThat(down.valid()).isFalse();
        assertThat(down.examples().get(0)).contains("no buy succeeded from 12000 ms (the traffic moved)");
    }
}
