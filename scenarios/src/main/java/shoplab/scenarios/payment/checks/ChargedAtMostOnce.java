package shoplab.scenarios.payment.checks;

import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The buyer pays an order at most once: more than one charge still standing (not refunded) for an
 * order is the duplicate payment the trade service's idempotence must prevent. Every extra charge
 * counts; examples are ordered by when the duplicate charge was taken.
 */
public final class ChargedAtMostOnce implements PaymentChecker {

    public static final String NAME = "charged-at-most-once";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(TradeState state) {
        Map<String, List<Charge>> standing = new LinkedHashMap<>();
        for (Charge c : state.charges()) {
            if (!c.refunded()) {
                standing.computeIfAbsent(c.orderId(), k -> new ArrayList<>()).add(c);
            }
        }
        long extra = 0;
        List<Texts.Example> examples = new ArrayList<>();
        for (Map.Entry<String, List<Charge>> e : standing.entrySet()) {
            List<Charge> charges = e.getValue().stream().sorted(Comparator.comparingLong(Charge::atMs)).toList();
            if (charges.size() > 1) {
                extra += charges.size() - 1;
                examples.add(new Texts.Example(charges.get(1).atMs(), "order " + e.getKey() + " was charged "
                        + Texts.times(charges.size()) + " (provider transactions "
                        + charges.stream().map(Charge::chargeId).collect(Collectors.joining(", ")) + ")"));
            }
        }
        examples.sort(Comparator.comparingLong(Texts.Example::atMs));
        return new Verdict(NAME, extra == 0, extra, examples.stream().map(Texts.Example::text).toList(),
                Map.of(PaymentFigures.DOUBLE_CHARGES, (double) extra));
    }
}
