package shoplab.services.inventory;

/** The answer to a stock deduction. */
public enum Deduction {
    OK, SOLD_OUT, LIMIT_REACHED,
    /**
     * The order was released before its deduction arrived (the order service gave it up when it could not
     * tell whether the deduction happened): an order id is deducted at most once, ever.
     */
    ORDER_CLOSED
}
