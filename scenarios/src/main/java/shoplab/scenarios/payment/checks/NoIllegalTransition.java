package shoplab.scenarios.payment.checks;

import shoplab.checks.Verdict;
import shoplab.domain.trade.OrderStateMachine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every recorded status move must be one {@link OrderStateMachine} allows, and the moves of an order
 * must chain (each starts where the previous one ended): a PAID order going back to PAYING, or a CLOSED
 * order becoming PAID, is a lost update between the payment notice and the timeout job. A move that is
 * both illegal and out of chain counts once; examples ordered by time.
 */
public final class NoIllegalTransition implements PaymentChecker {

    public static final String NAME = "no-illegal-transition";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(TradeState state) {
        long illegal = 0;
        List<Texts.Example> examples = new ArrayList<>();
        for (OrderRecord o : state.orders()) {
            Transition previous = null;
            for (Transition t : o.transitions()) {
                // the example's text only for a violation: formatting a time for every move took seconds at 1M
                if (!OrderStateMachine.allowed(t.from(), t.to())) {
                    illegal++;
                    examples.add(new Texts.Example(t.atMs(),
                            "order " + o.orderId() + " went from " + t.from() + " to " + t.to() + " at " + Texts.seconds(t.atMs())));
                } else if (previous != null && t.from() != previous.to()) {
                    illegal++;
                    examples.add(new Texts.Example(t.atMs(), "order " + o.orderId() + " went from " + t.from()
                            + " to " + t.to() + " at " + Texts.seconds(t.atMs()) + ", but it was " + previous.to()));
                }
                previous = t;
            }
        }
        examples.sort(Comparator.comparingLong(Texts.Example::atMs));
        return new Verdict(NAME, illegal == 0, illegal, examples.stream().map(Texts.Example::text).toList(),
                Map.of(PaymentFigures.ILLEGAL_TRANSITIONS, (double) illegal));
    }
}
