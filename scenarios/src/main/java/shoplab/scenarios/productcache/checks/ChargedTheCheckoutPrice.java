package shoplab.scenarios.productcache.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A buyer is never charged a price other than the one valid at checkout: every checkout charged the version the
 * database had when it began (no newer version had been answered to its merchant by then) at that version's price.
 * No staleness is allowed here, whatever the strategy promises its pages: the trade flow's price check reads the
 * database, not a cache.
 */
public final class ChargedTheCheckoutPrice implements CatalogChecker {

    public static final String NAME = "charged-the-checkout-price";
    public static final String CHECKOUTS = "checkouts";
    public static final String WRONG_CHARGES = "wrongCharges";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input, CatalogState state) {
        Freshness f = new Freshness(input.ops(), state);
        List<String> examples = new ArrayList<>();
        long wrong = 0;
        for (Freshness.Judged c : f.checkouts()) {
            String why = c.phantom() != null ? c.phantom()
                    : c.stale() ? "a newer version had been answered " + String.format(java.util.Locale.ROOT, "%,d", c.staleMs()) + " ms before"
                    : null;
            if (why != null) {
                wrong++;
                if (examples.size() < Verdict.MAX_EXAMPLES) {
                    examples.add("checkout of " + c.sku() + " at " + Freshness.at(c.read().startMs()) + " charged "
                            + Freshness.money(c.priceCents()) + " for version " + c.version() + ": " + why);
                }
            }
        }
        return new Verdict(NAME, wrong == 0, wrong, examples,
                Map.of(CHECKOUTS, (double) f.checkouts().size(), WRONG_CHARGES, (double) wrong));
    }
}
