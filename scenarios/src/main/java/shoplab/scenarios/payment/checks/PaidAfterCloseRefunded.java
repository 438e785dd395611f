package shoplab.scenarios.payment.checks;

import shoplab.checks.Verdict;
import shoplab.domain.trade.OrderStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An order that ended CLOSED or CANCELLED sold nothing, so any money taken for it (a payment that
 * succeeded after the timeout closed it, or raced its cancellation) must go back: every such charge
 * must be refunded. Each unrefunded charge counts; examples ordered by charge time.
 */
public final class PaidAfterCloseRefunded implements PaymentChecker {

    public static final String NAME = "paid-after-close-refunded";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(TradeState state) {
        Map<String, OrderRecord> orders = state.ordersById();
        long unrefunded = 0;
        List<Texts.Example> examples = new ArrayList<>();
        for (Charge c : state.charges()) {
            OrderRecord o = orders.get(c.orderId());
            if (o != null && !c.refunded()
                    && (o.status() == OrderStatus.CLOSED || o.status() == OrderStatus.CANCELLED)) {
                unrefunded++;
                examples.add(new Texts.Example(c.atMs(), "order " + o.orderId() + " ended " + o.status()
                        + " but provider transaction " + c.chargeId() + " (" + Texts.money(c.amountCents())
                        + " at " + Texts.seconds(c.atMs()) + ") was never refunded"));
            }
        }
        examples.sort(Comparator.comparingLong(Texts.Example::atMs));
        return new Verdict(NAME, unrefunded == 0, unrefunded, examples.stream().map(Texts.Example::text).toList(),
                Map.of(PaymentFigures.PAID_AFTER_CLOSE_NOT_REFUNDED, (double) unrefunded));
    }
}
