package shoplab.services.inventory;

import shoplab.topology.ComponentKind;
import shoplab.topology.Mechanism;

import java.util.List;

/** How the inventory service deducts stock; redis-lua is the architecture's design. */
public final class StockMechanism implements Mechanism {

    public static final String NAME = "stock";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentKind service() {
        return ComponentKind.INVENTORY_SERVICE;
    }

    @Override
    public List<Strategy> strategies() {
        return List.of(
                Strategy.unsafe("naive", ComponentKind.DATABASE),
                Strategy.safe("db-pessimistic", ComponentKind.DATABASE),
                Strategy.safe("db-optimistic", ComponentKind.DATABASE),
                Strategy.safe("redis-lua", ComponentKind.DATABASE, ComponentKind.REDIS, ComponentKind.KAFKA));
    }

    @Override
    public String defaultStrategy() {
        return "redis-lua";
    }
}
