package shoplab.services.inventory;

/**
 * A stock change record on the queue: what Redis already did, for the worker to apply to the DB.
 *
 * @param type    {@code DEDUCT} or {@code RELEASE}
 * @param orderId the order
 * @param sku     the SKU
 * @param user    the buyer
 * @param qty     units (positive)
 */
public record StockChange(String type, String orderId, String sku, String user, int qty) {

    /** The Kafka topic the change records travel on. */
    public static final String TOPIC = "stock-changes";

    static final String DEDUCT = "DEDUCT";
    static final String RELEASE = "RELEASE";

    long delta() {
        return DEDUCT.equals(type) ? -qty : qty;
    }
}
