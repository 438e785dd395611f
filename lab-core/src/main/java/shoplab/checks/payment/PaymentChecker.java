package shoplab.checks.payment;

import shoplab.checks.Verdict;

/** A pure function from a trade run's final state to a verdict in business terms. */
public interface PaymentChecker {

    String name();

    Verdict check(TradeState state);
}
