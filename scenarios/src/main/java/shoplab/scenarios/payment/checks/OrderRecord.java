package shoplab.scenarios.payment.checks;

import shoplab.domain.trade.OrderStatus;

import java.util.List;
import java.util.Objects;

/**
 * One order as the trade service left it.
 *
 * @param orderId        the order id
 * @param sku            the one SKU the order bought
 * @param units          units of that SKU
 * @param amountCents    what the order costs, cents
 * @param status         its final status
 * @param transitions    the status moves recorded for it, in the order they happened
 * @param shipments      how many times it was handed to shipping
 * @param couponId       the coupon it redeemed, or {@code null}
 * @param couponRestored whether that coupon was given back
 * @param stockRestored  whether its units were given back to stock
 */
public record OrderRecord(String orderId, String sku, int units, long amountCents, OrderStatus status,
                          List<Transition> transitions, int shipments, String couponId, boolean couponRestored,
                          boolean stockRestored) {

    public OrderRecord {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(status, "status");
        transitions = List.copyOf(transitions);
        if (units < 0 || amountCents < 0 || shipments < 0) {
            throw new IllegalArgumentException("order " + orderId + ": negative units, amount or shipments");
        }
    }
}
