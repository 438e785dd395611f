package shoplab.scenarios.failover.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;
import shoplab.history.Op;
import shoplab.history.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * No write is accepted by a fenced site: once the switch withdrew the old data center's write lease and
 * waited it out, no buy may be acknowledged by that data center (it would be a write the promoted one does
 * not have: two places). Judged from the client's side, by where each acknowledged buy was served.
 */
public final class NoWriteAfterFenceChecker implements Checker {

    public static final String NAME = "no-write-after-fence";

    private final long leaseMs;

    /** @param leaseMs the traffic manager's write lease: the old site is fenced this long after the switch starts */
    public NoWriteAfterFenceChecker(long leaseMs) {
        this.leaseMs = leaseMs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input) {
        Timeline t = Timeline.of(input.faults()).orElse(null);
        if (t == null || t.switchStartedAt() == null) {
            return Verdict.ok(NAME, Map.of(FailoverFigures.WRITES_AFTER_FENCE, 0.0));
        }
        long fencedAt = t.switchStartedAt() + leaseMs;
        long writes = 0;
        List<String> examples = new ArrayList<>();
        for (Op op : input.ops()) {
            if (op.is(Op.BUY, Outcome.OK) && t.from().equals(op.dc()) && op.startMs() > fencedAt) {
                writes++;
                examples.add("order " + op.orderId() + " of " + op.user() + " was acknowledged by " + op.dc() + " at "
                        + op.endMs() + " ms, started after its fence at " + fencedAt + " ms");
            }
        }
        return new Verdict(NAME, writes == 0, writes, examples, Map.of(FailoverFigures.WRITES_AFTER_FENCE, (double) writes));
    }
}
