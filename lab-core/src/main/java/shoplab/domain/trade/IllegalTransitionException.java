package shoplab.domain.trade;

/** A move the order state machine does not allow, e.g. "order cannot go from PAID to PAYING". */
public final class IllegalTransitionException extends IllegalStateException {

    private final OrderStatus from;
    private final OrderStatus to;

    public IllegalTransitionException(OrderStatus from, OrderStatus to) {
        super("order cannot go from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    public OrderStatus from() {
        return from;
    }

    public OrderStatus to() {
        return to;
    }
}
