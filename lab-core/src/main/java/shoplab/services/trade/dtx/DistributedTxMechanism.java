package shoplab.services.trade.dtx;

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
    public String defaultStrategy() {
        return TCC;
    }

    /** Whether the participants consume effect messages under this strategy. */
    public static boolean messaging(String strategy) {
        return ASYNC_ENSURED.equals(strategy) || TX_MESSAGE.equals(strategy);
    }
}
