package shoplab.scenarios.failover.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;

/**
 * A flash-sale checker judging the stock of the data center serving at the end (no oversell across the
 * switch, stock conserved, the per-user limit): the same checker, handed the failover snapshot's stock.
 */
public record OnStock(Checker stock) implements Checker {

    @Override
    public String name() {
        return stock.name();
    }

    @Override
    public Verdict check(CheckInput input) {
        FinalState end = input.finalState();
        FailoverSnapshot s = FailoverSnapshot.of(input);
        return stock.check(new CheckInput(input.ops(), input.faults(), input.samples(),
                new FinalState(end.quiesced(), s == null ? null : s.stock())));
    }
}
