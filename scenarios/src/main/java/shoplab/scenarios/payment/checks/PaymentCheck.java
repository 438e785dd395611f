package shoplab.scenarios.payment.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;

import java.util.List;
import java.util.Map;

/**
 * A {@link PaymentChecker} as a run's {@link Checker}: it judges the trade snapshot of the final state.
 * A run without one cannot be judged by it, which is a violation, not a pass: a checker that cannot
 * fail proves nothing.
 */
public record PaymentCheck(PaymentChecker checker) implements Checker {

    /** Every payment checker, as run checkers, in report order. */
    public static List<Checker> all() {
        return PaymentCheckers.all().stream().<Checker>map(PaymentCheck::new).toList();
    }

    @Override
    public String name() {
        return checker.name();
    }

    @Override
    public boolean soundOnPrefix() {
        return checker.soundOnPrefix();
    }

    @Override
    public Verdict check(CheckInput input) {
        TradeState trade = input.finalState().snapshot(TradeState.class);
        if (trade == null) {
            return new Verdict(name(), false, 1, List.of("the run left no trade snapshot to judge"), Map.of());
        }
        return checker.check(trade);
    }
}
