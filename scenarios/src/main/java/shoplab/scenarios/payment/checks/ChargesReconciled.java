package shoplab.scenarios.payment.checks;

import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every charge is the shop's or goes back: money the provider took for a payment order the shop never
 * made (a payment order lost, a request replayed or sent by someone else) must be refunded once the
 * provider's notice of it arrives, as a merchant reconciles its account. Each such charge still standing
 * counts; examples ordered by charge time.
 */
public final class ChargesReconciled implements PaymentChecker {

    public static final String NAME = "charges-reconciled";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(TradeState state) {
        long unreconciled = 0;
        List<Texts.Example> examples = new ArrayList<>();
        for (Charge c : state.charges()) {
            if (!c.refunded() && !state.payments().contains(c.paymentId())) {
                unreconciled++;
                examples.add(new Texts.Example(c.atMs(), "provider transaction " + c.chargeId() + " took "
                        + Texts.money(c.amountCents()) + " at " + Texts.seconds(c.atMs()) + " for payment " + c.paymentId()
                        + (c.orderId() == null ? "" : " (order " + c.orderId() + ")")
                        + ", which the shop never made, and it was never refunded"));
            }
        }
        examples.sort(Comparator.comparingLong(Texts.Example::atMs));
        return new Verdict(NAME, unreconciled == 0, unreconciled, examples.stream().map(Texts.Example::text).toList(),
                Map.of(PaymentFigures.UNRECONCILED_CHARGES, (double) unreconciled));
    }
}
