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
    public List<Mutant> mutants() {
        return List.of(
                new Mutant("redis-lua", "stock-check", "the script refuses a deduction the stock does not cover"),
                new Mutant("redis-lua", "user-limit", "the script refuses a user past the per-user limit"),
                new Mutant("db-pessimistic", "for-update", "SELECT ... FOR UPDATE holds rivals from the check to the write"),
                new Mutant("db-optimistic", "stock-predicate", "the UPDATE decrements only WHERE qty >= n"));
    }

    @Override
    public String defaultStrategy() {
        return "redis-lua";
    }
}
