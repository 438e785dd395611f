package shoplab.scenarios.payment.checks;

import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An order is handed to shipping at most once: a second shipment is what the naive check-then-act on
 * a duplicate payment notice produces. Every extra shipment counts; examples in snapshot order.
 */
public final class ShippedAtMostOnce implements PaymentChecker {

    public static final String NAME = "shipped-at-most-once";

    @Override
    public String name() {
        return NAME;
    }

    /** Sound on a run so far: an order's shipments only grow. */
    @Override
    public boolean soundOnPrefix() {
        return true;
    }

    @Override
    public Verdict check(TradeState state) {
        long extra = 0;
        List<String> examples = new ArrayList<>();
        for (OrderRecord o : state.orders()) {
            if (o.shipments() > 1) {
                extra += o.shipments() - 1;
                examples.add("order " + o.orderId() + " was shipped " + Texts.times(o.shipments()));
            }
        }
        return new Verdict(NAME, extra == 0, extra, examples, Map.of(PaymentFigures.DOUBLE_SHIPMENTS, (double) extra));
    }
}
