package shoplab.scenarios.payment.checks;

import shoplab.domain.trade.OrderStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static shoplab.domain.trade.OrderStatus.*;

/** Small builders for hand-written trade snapshots. */
final class PaymentFixtures {

    private PaymentFixtures() {
    }

    /** An order of {@code units} x 10.00 with the transitions its final status implies and nothing odd. */
    static OrderRecord order(String id, String sku, int units, OrderStatus status) {
        return new OrderRecord(id, sku, units, units * 1000L, status, path(status), status == SHIPPED ? 1 : 0,
                null, false, status == CANCELLED || status == CLOSED);
    }

    static OrderRecord withShipments(OrderRecord o, int shipments) {
        return new OrderRecord(o.orderId(), o.sku(), o.units(), o.amountCents(), o.status(), o.transitions(),
                shipments, o.couponId(), o.couponRestored(), o.stockRestored());
    }

    static OrderRecord withCoupon(OrderRecord o, String couponId, boolean couponRestored, boolean stockRestored) {
        return new OrderRecord(o.orderId(), o.sku(), o.units(), o.amountCents(), o.status(), o.transitions(),
                o.shipments(), couponId, couponRestored, stockRestored);
    }

    static OrderRecord withTransitions(OrderRecord o, Transition... transitions) {
        return new OrderRecord(o.orderId(), o.sku(), o.units(), o.amountCents(), o.status(),
                Arrays.asList(transitions), o.shipments(), o.couponId(), o.couponRestored(), o.stockRestored());
    }

    static Transition t(OrderStatus from, OrderStatus to, long atMs) {
        return new Transition(from, to, atMs);
    }

    static Charge charge(String id, String orderId, long cents, long atMs, boolean refunded) {
        return new Charge(id, "p-" + id, orderId, cents, atMs, refunded);
    }

    static AcceptedNotice notice(String id, String orderId, boolean forged, long atMs) {
        return new AcceptedNotice(id, orderId, forged, atMs);
    }

    static TradeState state(List<OrderRecord> orders, List<Charge> charges) {
        return new TradeState(orders, charges, List.of(), Map.of());
    }

    /** The legal path from CREATED to {@code status}, 100 ms a step. */
    static List<Transition> path(OrderStatus status) {
        return switch (status) {
            case CREATED -> List.of();
            case PAYING -> List.of(t(CREATED, PAYING, 100));
            case PAID -> List.of(t(CREATED, PAYING, 100), t(PAYING, PAID, 200));
            case SHIPPED -> List.of(t(CREATED, PAYING, 100), t(PAYING, PAID, 200), t(PAID, SHIPPED, 300));
            case CANCELLED -> List.of(t(CREATED, PAYING, 100), t(PAYING, CANCELLED, 200));
            case CLOSED -> List.of(t(CREATED, CLOSED, 100));
            case REFUNDED -> List.of(t(CREATED, PAYING, 100), t(PAYING, PAID, 200), t(PAID, REFUNDED, 300));
        };
    }
}
