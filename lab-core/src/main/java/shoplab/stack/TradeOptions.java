package shoplab.stack;

import java.util.Map;

/**
 * What the trade side of a stack needs (the duplicate-payment scenario): prices, coupons to issue,
 * the order timeout, the lab clock, and the payment provider's storm.
 *
 * @param prices              {@code sku:cents,...}
 * @param coupons             coupons issued at boot: code {@code c-N} for user {@code u-N}, N = 1..coupons
 * @param couponDiscountCents what each coupon takes off
 * @param orderTimeoutMillis  real milliseconds an unpaid order lives (lab minutes scaled by the time factor)
 * @param timeFactor          lab seconds per real second: scales the provider's retry schedules
 * @param storm               the provider's storm settings, {@code shoplab.payment.storm.*} names without the prefix
 */
public record TradeOptions(String prices, int coupons, long couponDiscountCents, long orderTimeoutMillis,
                           double timeFactor, Map<String, String> storm) {

    public TradeOptions {
        storm = Map.copyOf(storm);
    }
}
