package shoplab.checks;

import org.junit.jupiter.api.Test;
import shoplab.history.Op;
import shoplab.history.Outcome;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadFiguresTest {

    private static Op buy(Outcome outcome, long startMs, long endMs, String user, String sku, String orderId) {
        return new Op(Op.BUY, outcome, startMs, endMs, user, sku, orderId, outcome == Outcome.OK ? 200 : 409, null);
    }

    @Test
    void summarisesTheBuys() {
        List<Op> ops = new ArrayList<>();
        // 100 buys with latencies 1..100 ms, spanning 0 .. 2000 ms
        for (int i = 1; i <= 100; i++) {
            Outcome outcome = i <= 60 ? Outcome.OK : i <= 90 ? Outcome.FAIL : Outcome.UNKNOWN;
            long start = i == 100 ? 1_900 : i - 1;
            ops.add(buy(outcome, start, start + i, "u-" + i, "sku-1", "o-" + i));
        }
        ops.add(new Op(Op.PAGE, Outcome.OK, 0, 9_000, "u-1", null, null, 200, null)); // not a buy

        LoadFigures lf = LoadFigures.of(ops, Op.BUY);

        assertThat(lf.attempts()).isEqualTo(100);
        assertThat(lf.successfulOrders()).isEqualTo(60);
        assertThat(lf.errors()).isEqualTo(10);
        assertThat(lf.attemptsPerSecond()).isCloseTo(50.0, within(1e-9)); // 100 over 2000 ms
        assertThat(lf.p50Ms()).isEqualTo(50);
        assertThat(lf.p95Ms()).isEqualTo(95);
        assertThat(lf.p99Ms()).isEqualTo(99);
    }

    @Test
    void noOpsGiveZeros() {
        assertThat(LoadFigures.of(List.of(), Op.BUY)).isEqualTo(new LoadFigures(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aZeroSpanCountsAsOneMillisecond() {
        LoadFigures lf = LoadFigures.of(List.of(buy(Outcome.OK, 5, 5, "u-1", "sku-1", "o-1")), Op.BUY);

        assertThat(lf.attemptsPerSecond()).isEqualTo(1_000.0);
        assertThat(lf.p99Ms()).isZero();
    }
}
