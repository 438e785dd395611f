package shoplab.scenarios.payment.checks;

import shoplab.domain.trade.OrderStatus;

import java.util.Objects;

/** One recorded move of an order's status, at lab-clock milliseconds. */
public record Transition(OrderStatus from, OrderStatus to, long atMs) {

    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
