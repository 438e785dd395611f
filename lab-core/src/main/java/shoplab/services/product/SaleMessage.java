package shoplab.services.product;

/**
 * A sale on the queue: the trade service shipped {@code units} of {@code sku} for an order; the product
 * service adds them to the SKU's sales in Redis, once per {@code messageId} (one per shipment).
 *
 * @param messageId unique per shipment: {@code <orderId>:<shipment id>}
 * @param orderId   the order shipped
 * @param sku       the SKU sold
 * @param units     units sold, positive
 * @param notifyId  the payment notice that shipped it
 */
public record SaleMessage(String messageId, String orderId, String sku, int units, String notifyId) {

    /** The Kafka topic the sales travel on (the broker must create it: auto-creation is off in the lab). */
    public static final String TOPIC = "trade.sales";
}
