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
                Strategy.safe("redis-lua", ComponentKind.DATABASE, ComponentKind.REDIS, ComponentKind.KAFKA),
                Strategy.safe("redis-mq", ComponentKind.DATABASE, ComponentKind.REDIS, ComponentKind.KAFKA)
                        .alsoCalling(ComponentKind.ORDER_SERVICE, ComponentKind.REDIS, ComponentKind.KAFKA));
    }

    /** The strategy the queued order path runs: the order service takes the unit itself, in Redis. */
    public static final String QUEUED = "redis-mq";

    /** A strategy by name, or a mutant's: its base strategy and the safeguards on. */
    public record Resolved(String base, shoplab.services.common.Safeguards safeguards) {
    }

    public static Resolved resolve(String strategy) {
        return new StockMechanism().mutants().stream().filter(m -> m.name().equals(strategy)).findFirst()
                .map(m -> new Resolved(m.strategy(), new shoplab.services.common.Safeguards(m.safeguard())))
                .orElse(new Resolved(strategy, shoplab.services.common.Safeguards.ALL));
    }

    @Override
    public List<Mutant> mutants() {
        return List.of(
                new Mutant("redis-lua", "stock-check", "the script refuses a deduction the stock does not cover"),
                new Mutant("redis-lua", "user-limit", "the script refuses a user past the per-user limit"),
                new Mutant("redis-mq", "stock-check", "the order buffer's script refuses a unit the stock does not cover"),
                new Mutant("redis-mq", "user-limit", "the order buffer's script refuses a user past the per-user limit"),
                new Mutant("db-pessimistic", "for-update", "SELECT ... FOR UPDATE holds rivals from the check to the write"),
                new Mutant("db-optimistic", "stock-predicate", "the UPDATE decrements only WHERE qty >= n"));
    }

    @Override
    public String defaultStrategy() {
        return "redis-lua";
    }
}
