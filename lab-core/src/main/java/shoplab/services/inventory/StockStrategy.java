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
    default Long cachedStock(String sku) {
        return null;
    }

    /** Change records published to the queue but not yet applied to the DB. */
    default long queueLag() {
        return 0;
    }

    /** Whether the strategy is deliberately unsafe (the lab shows its failure). */
    default boolean unsafe() {
        return false;
    }
}
