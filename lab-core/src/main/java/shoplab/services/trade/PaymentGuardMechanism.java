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
    public String defaultStrategy() {
        return "optimistic";
    }
}
