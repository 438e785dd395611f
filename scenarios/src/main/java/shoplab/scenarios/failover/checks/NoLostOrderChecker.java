package shoplab.scenarios.failover.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;
import shoplab.history.Op;
import shoplab.history.Outcome;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * No acknowledged order is lost: every buy the client was told succeeded (201 with an order id) is in the
 * order database of the data center serving at the end. What async replication loses in a failover (the
 * RPO) shows here, each lost order with its id and when it was acknowledged.
 */
public final class NoLostOrderChecker implements Checker {

    public static final String NAME = "no-lost-acknowledged-order";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input) {
        FailoverSnapshot end = FailoverSnapshot.of(input);
        Set<String> kept = new HashSet<>(end.orderIds());
        long lost = 0;
        List<String> examples = new ArrayList<>();
        for (Op op : input.ops()) {
            if (op.is(Op.BUY, Outcome.OK) && op.orderId() != null && !kept.contains(op.orderId())) {
                lost++;
                examples.add("order " + op.orderId() + " of " + op.user() + ", acknowledged by " + op.dc() + " at "
                        + op.endMs() + " ms, is not in " + end.activeDc() + "'s order database");
            }
        }
        return new Verdict(NAME, lost == 0, lost, examples, Map.of(FailoverFigures.RPO_ORDERS, (double) lost));
    }
}
