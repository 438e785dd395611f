package shoplab.services.trade;

import shoplab.topology.ComponentKind;
import shoplab.topology.Mechanism;

import java.util.List;

/** How the trade service keeps a payment from being taken, shipped or counted twice (the note's three guards). */
public final class PaymentGuardMechanism implements Mechanism {

    public static final String NAME = "payment-guard";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentKind service() {
        return ComponentKind.TRADE_SERVICE;
    }

    @Override
    public List<Strategy> strategies() {
        return List.of(
                Strategy.unsafe("naive", ComponentKind.DATABASE),
                Strategy.safe("pessimistic", ComponentKind.DATABASE),
                Strategy.safe("optimistic", ComponentKind.DATABASE));
    }

    @Override
    public List<Mutant> mutants() {
        return List.of(
                new Mutant("optimistic", "status-predicate", "a move writes only WHERE the status is still the one read"),
                new Mutant("pessimistic", "for-update", "SELECT ... FOR UPDATE holds rivals from the status read to the commit"),
                new Mutant("optimistic", "unique-trade-key", "a unique key on (channel, provider trade no) refuses a notice accepted before",
                        "a second line: the status predicate already lets one of two notices of a trade move the order; "
                                + "the key matters only where that predicate is gone (see optimistic-without-status-predicate)"),
                new Mutant("optimistic", "signature-check", "a notice counts only when the provider's key signed it"),
                new Mutant("optimistic", "refund-after-close", "money that arrives for a closed or cancelled order goes back"),
                new Mutant("optimistic", "restore-on-failure", "a failed payment gives back the order's stock and coupon"),
                new Mutant("optimistic", "restore-on-timeout", "an order closed unpaid gives back its stock and coupon"));
    }

    @Override
    public String defaultStrategy() {
        return "optimistic";
    }
}
