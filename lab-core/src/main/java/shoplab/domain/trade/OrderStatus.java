package shoplab.domain.trade;

/** Where an order is in its life; the moves between them are {@link OrderStateMachine}'s. */
public enum OrderStatus {
    /** Placed: stock held, coupon redeemed, not yet paying. */
    CREATED,
    /** A payment was started with the provider; waiting for its notice. */
    PAYING,
    /** The provider confirmed the payment. */
    PAID,
    /** Handed to shipping. */
    SHIPPED,
    /** Cancelled by the user or because the payment failed. */
    CANCELLED,
    /** Closed by the timeout job because it was not paid in time. */
    CLOSED,
    /** The money went back to the buyer after payment. */
    REFUNDED
}
