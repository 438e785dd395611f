package shoplab.run;

import org.junit.jupiter.api.Test;
import shoplab.checks.FinalState;
import shoplab.checks.FlashSaleCheckers;
import shoplab.checks.SkuState;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveChecksTest {

    private static Op buy(String user, String order, long at) {
        return new Op(Op.BUY, Outcome.OK, at - 5, at, user, "sku-1", order, 200, null);
    }

    @Test
    void aViolationOnTheRunSoFarIsCountedByTheCheckersSoundOnAPrefixOnly() {
        History h = new History();
        h.append(buy("u1", "o1", 100));
        h.append(buy("u2", "o2", 200));
        h.append(buy("u2", "o3", 300)); // u2 over the limit of 1, and unit 3 of a stock of 2
        LiveChecks live = new LiveChecks(FlashSaleCheckers.all(), h);
        // the stores now: not quiesced, which is why conservation and convergence must not judge yet
        FinalState now = new FinalState(List.of(new SkuState("sku-1", 2, 0, 0L, 3, 0, 0)), 1, 3, false);

        LiveChecks.Prefix prefix = live.snapshot(0);
        Map<String, Double> figures = prefix.violations(now);

        assertThat(figures).containsOnly(
                Map.entry(Sample.VIOLATIONS_PREFIX + "no-oversell", 1.0),
                Map.entry(Sample.VIOLATIONS_PREFIX + "per-user-limit", 1.0));
    }

    @Test
    void onATradeRunOnlyTheMonotoneCheckersJudgeMidRun() {
        List<String> live = shoplab.checks.payment.PaymentCheck.all().stream()
                .filter(shoplab.checks.Checker::soundOnPrefix).map(shoplab.checks.Checker::name).toList();
        assertThat(live).containsExactlyInAnyOrder("shipped-at-most-once", "no-forged-accepted");
    }

    @Test
    void checksRunAboutOnceASecond() {
        LiveChecks live = new LiveChecks(FlashSaleCheckers.all(), new History());
        assertThat(live.snapshot(0)).isNotNull();
        assertThat(live.snapshot(250)).isNull();
        assertThat(live.snapshot(999)).isNull();
        assertThat(live.snapshot(1000)).isNotNull();
    }
}
