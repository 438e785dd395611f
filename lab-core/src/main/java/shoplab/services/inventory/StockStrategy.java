package shoplab.services.inventory;

/**
 * How the inventory service deducts and releases stock: the mechanism whose strategies the flash sale
 * compares. Implementations count every write to a stock row in {@link StockRowWrites}.
 */
public interface StockStrategy {

    /** Deducts {@code qty} units of {@code sku} for the order, within the per-user limit. */
    Deduction deduct(String orderId, String user, String sku, int qty);

    /** Returns a held order's units to stock; false when the order held nothing or was released already. */
    boolean release(String orderId, String sku);

    /** The stock as the fast path sees it (Redis), or null when the strategy keeps no cache. */
    /** Deductions the stock's own replica did not acknowledge in time (semi-sync Redis); 0 without one. */
    default long replicationFallbacks() {
        return 0;
    }

    default Long cachedStock(String sku) {
        return null;
    }

    /** Change records published to the queue but not yet applied to the DB. */
    default long queueLag() {
        return 0;
    }

    /**
     * After a failover, sets what the strategy keeps outside the database (Redis' stock, held orders and
     * per-user counts) to the arbiter's figures: {@code stock} units left, {@code held} order to units,
     * {@code bought} user to units. Nothing to do for a strategy that keeps all in the database.
     */
    default void reconcile(String sku, long stock, java.util.Map<String, Integer> held, java.util.Map<String, Integer> bought) {
    }

    /** Whether the strategy is deliberately unsafe (the lab shows its failure). */
    default boolean unsafe() {
        return false;
    }
}
