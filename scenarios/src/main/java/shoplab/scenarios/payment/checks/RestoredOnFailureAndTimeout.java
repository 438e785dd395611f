package shoplab.scenarios.payment.checks;

import shoplab.checks.Verdict;
import shoplab.domain.trade.OrderStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compensations ran: an order that ended CANCELLED (payment failed) or CLOSED (timed out) must have
 * given its units back to stock, and its coupon back to marketing when it used one. Each missing
 * restoration counts (an order missing both counts twice); examples in snapshot order.
 */
public final class RestoredOnFailureAndTimeout implements PaymentChecker {

    public static final String NAME = "restored-on-failure";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(TradeState state) {
        long stockMissing = 0;
        long couponMissing = 0;
        List<String> examples = new ArrayList<>();
        for (OrderRecord o : state.orders()) {
            if (o.status() != OrderStatus.CANCELLED && o.status() != OrderStatus.CLOSED) {
                continue;
            }
            if (!o.stockRestored()) {
                stockMissing++;
                examples.add("order " + o.orderId() + " ended " + o.status() + " but its " + o.units()
                        + " unit(s) of " + o.sku() + " were not returned to stock");
            }
            if (o.couponId() != null && !o.couponRestored()) {
                couponMissing++;
                examples.add("order " + o.orderId() + " ended " + o.status() + " but coupon " + o.couponId()
                        + " was not returned");
            }
        }
        long violations = stockMissing + couponMissing;
        return new Verdict(NAME, violations == 0, violations, examples,
                Map.of(PaymentFigures.STOCK_NOT_RESTORED, (double) stockMissing, PaymentFigures.COUPON_NOT_RESTORED,
                        (double) couponMissing));
    }
}
