package shoplab.services.trade.dtx;

import shoplab.services.tx.Holds;
import shoplab.topology.ComponentKind;
import shoplab.topology.Mechanism;

import java.util.List;

/**
 * How one purchase's changes in three services (the trade's purchase row, the inventory's unit, the coupon)
 * stay all or nothing: the note's four ways, and one that does not try.
 */
public final class DistributedTxMechanism implements Mechanism {

    public static final String NAME = "distributed-tx";

    public static final String NONE = "none";
    public static final String TWO_PC = "2pc";
    public static final String ASYNC_ENSURED = "async-ensured";
    public static final String TX_MESSAGE = "tx-message";
    public static final String TCC = "tcc";

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
                Strategy.unsafe(NONE, ComponentKind.DATABASE),
                Strategy.safe(TWO_PC, ComponentKind.DATABASE),
                Strategy.safe(ASYNC_ENSURED, ComponentKind.DATABASE, ComponentKind.KAFKA)
                        .alsoCalling(ComponentKind.INVENTORY_SERVICE, ComponentKind.KAFKA)
                        .alsoCalling(ComponentKind.COUPON_SERVICE, ComponentKind.KAFKA),
                Strategy.safe(TX_MESSAGE, ComponentKind.DATABASE, ComponentKind.KAFKA)
                        .alsoCalling(ComponentKind.INVENTORY_SERVICE, ComponentKind.KAFKA)
                        .alsoCalling(ComponentKind.COUPON_SERVICE, ComponentKind.KAFKA),
                Strategy.safe(TCC, ComponentKind.DATABASE));
    }

    @Override
    public List<Mutant> mutants() {
        return List.of(new Mutant(TCC, Holds.FENCE, "a try that arrives after its cancel finds the fence CANCELLED and does nothing"));
    }

    /** The strategy a name runs (a mutant's base), and the safeguard it runs without (null: none). */
    public record Resolved(String base, String removed) {
    }

    public static Resolved resolve(String strategy) {
        return new DistributedTxMechanism().mutants().stream().filter(m -> m.name().equals(strategy)).findFirst()
                .map(m -> new Resolved(m.strategy(), m.safeguard())).orElse(new Resolved(strategy, null));
    }

    @Override
    public String defaultStrategy() {
        return TCC;
    }

    /** Whether the participants consume effect messages under this strategy. */
    public static boolean messaging(String strategy) {
        String base = resolve(strategy).base();
        return ASYNC_ENSURED.equals(base) || TX_MESSAGE.equals(base);
    }
}
