package shoplab.scenarios.flashsale.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;

import shoplab.history.Op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * No user may get more acknowledged units of one SKU than the per-user limit; every unit beyond it
 * is a violation.
 */
public final class PerUserLimitChecker implements Checker {

    public static final String NAME = "per-user-limit";

    @Override
    public String name() {
        return NAME;
    }

    /** Sound on a prefix: a user's acknowledged units only grow. */
    @Override
    public boolean soundOnPrefix() {
        return true;
    }

    @Override
    public Verdict check(CheckInput input) {
        int limit = StockSnapshot.of(input).perUserLimit();
        // insertion order follows endMs, so groups come out in the order their first buy was acknowledged
        Map<List<String>, List<Op>> byUserSku = new LinkedHashMap<>();
        for (Op op : NoOversellChecker.okBuys(input.ops())) {
            byUserSku.computeIfAbsent(List.of(String.valueOf(op.user()), op.sku()), k -> new ArrayList<>()).add(op);
        }
        // report first the groups whose limit was broken first
        List<List<Op>> over = byUserSku.values().stream()
                .filter(buys -> buys.size() > limit)
                .sorted((a, b) -> Long.compare(a.get(limit).endMs(), b.get(limit).endMs()))
                .toList();

        long violations = 0;
        List<String> examples = new ArrayList<>();
        for (List<Op> buys : over) {
            violations += buys.size() - limit;
            Op first = buys.get(0);
            String orders = buys.stream().map(op -> String.valueOf(op.orderId())).collect(Collectors.joining(", "));
            examples.add("user " + first.user() + " bought " + buys.size() + " units of " + first.sku()
                    + " (orders " + orders + "); the limit is " + limit);
        }
        return new Verdict(NAME, violations == 0, violations, examples,
                Map.of(StockFigures.UNITS_OVER_LIMIT, (double) violations));
    }
}
