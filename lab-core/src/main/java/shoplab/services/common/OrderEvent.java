package shoplab.services.common;

/**
 * A step of an order on the order queue (the queued order path): what the Redis order buffer already
 * decided, for the order writer to apply to the order database and the inventory's stock worker to the stock
 * rows. Keyed by order id on the queue, so one order's steps arrive in order.
 *
 * @param type      {@link #PLACED}, {@link #PAID} or {@link #RELEASED}
 * @param orderId   the order
 * @param user      the buyer
 * @param sku       the SKU
 * @param qty       units
 * @param at        when the buffer took the step (epoch ms): for PLACED, when the buyer was acknowledged
 * @param holdUntil PLACED: until when an unpaid order holds its units (epoch ms); else 0
 * @param seq       PLACED: the order's sequence number within its service's prefix; else 0
 */
public record OrderEvent(String type, String orderId, String user, String sku, int qty, long at, long holdUntil, long seq) {

    /** The Kafka topic of the order queue. */
    public static final String TOPIC = "orders";

    public static final String PLACED = "PLACED";
    public static final String PAID = "PAID";
    public static final String RELEASED = "RELEASED";
}
