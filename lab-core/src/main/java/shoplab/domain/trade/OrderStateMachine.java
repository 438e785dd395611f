package shoplab.domain.trade;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The order state machine, written once as a table so the trade service and the checkers judging it
 * agree on what a legal move is. Staying in the same state is not a move: a duplicate payment notice
 * for a PAID order must be answered idempotently, not recorded as PAID to PAID.
 */
public final class OrderStateMachine {

    private static final Map<OrderStatus, Set<OrderStatus>> ALLOWED = new EnumMap<>(OrderStatus.class);

    static {
        ALLOWED.put(OrderStatus.CREATED, EnumSet.of(OrderStatus.PAYING, OrderStatus.CANCELLED, OrderStatus.CLOSED));
        // CANCELLED: the payment failed; CLOSED: the timeout job fired while the payment was pending
        ALLOWED.put(OrderStatus.PAYING, EnumSet.of(OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.CLOSED));
        ALLOWED.put(OrderStatus.PAID, EnumSet.of(OrderStatus.SHIPPED, OrderStatus.REFUNDED));
        ALLOWED.put(OrderStatus.SHIPPED, EnumSet.of(OrderStatus.REFUNDED));
        // CANCELLED is terminal: its stock and coupon were given back, so reviving it could sell them twice.
        ALLOWED.put(OrderStatus.CANCELLED, EnumSet.noneOf(OrderStatus.class));
        // CLOSED is terminal for the same reason; a payment success arriving after the close is answered
        // by refunding that payment, never by reopening the order.
        ALLOWED.put(OrderStatus.CLOSED, EnumSet.noneOf(OrderStatus.class));
        // REFUNDED is terminal: the money is back with the buyer; a new purchase is a new order.
        ALLOWED.put(OrderStatus.REFUNDED, EnumSet.noneOf(OrderStatus.class));
    }

    private OrderStateMachine() {
    }

    public static boolean allowed(OrderStatus from, OrderStatus to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return ALLOWED.get(from).contains(to);
    }

    /** {@code to}, when the move is allowed. @throws IllegalTransitionException otherwise */
    public static OrderStatus transition(OrderStatus from, OrderStatus to) {
        if (!allowed(from, to)) {
            throw new IllegalTransitionException(from, to);
        }
        return to;
    }

    /** The states reachable in one move from {@code from} (empty for a terminal state). */
    public static Set<OrderStatus> next(OrderStatus from) {
        return Collections.unmodifiableSet(ALLOWED.get(Objects.requireNonNull(from, "from")));
    }

    public static boolean terminal(OrderStatus status) {
        return next(status).isEmpty();
    }
}
