package shoplab.services.product.catalog;

import shoplab.topology.ComponentKind;
import shoplab.topology.Mechanism;

import java.util.List;

/**
 * How the product service keeps its caches (Redis, and Caffeine in the process) in step with the product
 * database when a merchant changes a product: the note's read path is Redis first, the back office writes the
 * database. Four ways that bound how stale a read can be, and one that writes the cache before the database.
 * {@code none}, the default, runs no catalog at all: the product service quotes the stack's price list from
 * memory, as every other scenario wants (no database to boot, no cache to keep).
 */
public final class CacheConsistencyMechanism implements Mechanism {

    public static final String NAME = "cache-consistency";

    public static final String NONE = "none";
    /** Reads fill the cache with a short TTL; a change touches only the database: stale until the entry expires. */
    public static final String CACHE_ASIDE_TTL = "cache-aside-ttl";
    /** The change commits, then deletes the entry: the next read fills it anew. */
    public static final String UPDATE_THEN_DELETE = "update-then-delete";
    /** As update-then-delete, and deletes again a moment later: a read that filled the old value between them is undone. */
    public static final String DELAYED_DOUBLE_DELETE = "delayed-double-delete";
    /** The database's change log (the outbox of every change, in the change's transaction) refreshes the cache. */
    public static final String CHANGE_STREAM = "change-stream";
    /** Unsafe: the new value goes into the cache, then the database, which may refuse it. */
    public static final String CACHE_BEFORE_DB = "cache-before-db";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentKind service() {
        return ComponentKind.PRODUCT_SERVICE;
    }

    @Override
    public List<Strategy> strategies() {
        return List.of(
                Strategy.safe(NONE),
                Strategy.safe(CACHE_ASIDE_TTL, ComponentKind.DATABASE, ComponentKind.REDIS),
                Strategy.safe(UPDATE_THEN_DELETE, ComponentKind.DATABASE, ComponentKind.REDIS),
                Strategy.safe(DELAYED_DOUBLE_DELETE, ComponentKind.DATABASE, ComponentKind.REDIS),
                Strategy.safe(CHANGE_STREAM, ComponentKind.DATABASE, ComponentKind.REDIS),
                Strategy.unsafe(CACHE_BEFORE_DB, ComponentKind.DATABASE, ComponentKind.REDIS));
    }

    @Override
    public String defaultStrategy() {
        return NONE;
    }

    /** The checkout's price check: the price charged is read from the database, never from a cache. */
    public static final String PRICE_CHECK = "price-check";

    @Override
    public List<Mutant> mutants() {
        return List.of(new Mutant(CACHE_ASIDE_TTL, PRICE_CHECK,
                "a checkout charges the price the database has then, not the copy a cache shows"));
    }

    /** The strategy a name runs (a mutant's base), and the safeguard it runs without (null: none). */
    public record Resolved(String base, String removed) {
    }

    public static Resolved resolve(String strategy) {
        return new CacheConsistencyMechanism().mutants().stream().filter(m -> m.name().equals(strategy)).findFirst()
                .map(m -> new Resolved(m.strategy(), m.safeguard())).orElse(new Resolved(strategy, null));
    }

    /** The strategies that run a catalog (all but {@link #NONE}). */
    public List<String> catalogStrategies() {
        return strategyNames().stream().filter(s -> !s.equals(NONE)).toList();
    }
}
