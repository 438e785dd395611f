package shoplab.run;

import org.junit.jupiter.api.Test;
import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveChecksTest {

    /** Counts the acknowledged buys beyond the stock the snapshot names; sound on a prefix as buys only grow. */
    private record AtMostStock(boolean soundOnPrefix) implements Checker {

        @Override
        public String name() {
            return soundOnPrefix ? "at-most-stock" : "needs-quiet";
        }

        @Override
        public Verdict check(CheckInput input) {
            long over = Math.max(0, input.ops().size() - input.finalState().snapshot(Integer.class));
            return new Verdict(name(), over == 0, over, List.of(), Map.of());
        }
    }

    private static Op buy(String user, String order, long at) {
        return new Op(Op.BUY, Outcome.OK, at - 5, at, user, "sku-1", order, 200, null);
    }

    @Test
    void aViolationOnTheRunSoFarIsCountedByTheCheckersSoundOnAPrefixOnly() {
        History h = new History();
        h.append(buy("u1", "o1", 100));
        h.append(buy("u2", "o2", 200));
        h.append(buy("u3", "o3", 300)); // unit 3 of a stock of 2
        LiveChecks live = new LiveChecks(List.of(new AtMostStock(true), new AtMostStock(false)), h);

        LiveChecks.Prefix prefix = live.snapshot(0);
        Map<String, Double> figures = prefix.violations(2); // the scenario's snapshot of the stores now

        assertThat(figures).containsOnly(Map.entry(Sample.VIOLATIONS_PREFIX + "at-most-stock", 1.0));
    }

    @Test
    void checksRunAboutOnceASecond() {
        LiveChecks live = new LiveChecks(List.of(new AtMostStock(true)), new History());
        assertThat(live.snapshot(0)).isNotNull();
        assertThat(live.snapshot(250)).isNull();
        assertThat(live.snapshot(999)).isNull();
        assertThat(live.snapshot(1000)).isNotNull();
    }
}
