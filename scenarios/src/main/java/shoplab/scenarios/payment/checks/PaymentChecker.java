package shoplab.scenarios.payment.checks;

import shoplab.checks.Verdict;

/** A pure function from a trade run's final state to a verdict in business terms. */
public interface PaymentChecker {

    String name();

    Verdict check(TradeState state);

    /**
     * Whether a violation found on a snapshot taken mid-run stays one at the end (see Checker#soundOnPrefix).
     * Not so for the status moves: mid-run, a move another thread made may not be visible yet while the
     * move that followed it is, and the sequence would look broken when it is not.
     */
    default boolean soundOnPrefix() {
        return false;
    }
}
