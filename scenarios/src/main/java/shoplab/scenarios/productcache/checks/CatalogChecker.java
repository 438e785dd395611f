package shoplab.scenarios.productcache.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;

import java.util.List;
import java.util.Map;

/**
 * A product-cache checker: judges the reads and the catalog's final state. A run without a final state (the
 * catalog could not be read) is a violation, never a pass.
 */
public interface CatalogChecker extends Checker {

    Verdict check(CheckInput input, CatalogState state);

    @Override
    default Verdict check(CheckInput input) {
        FinalState fs = input.finalState();
        CatalogState state = fs == null ? null : fs.snapshot(CatalogState.class);
        if (state == null) {
            return new Verdict(name(), false, 1, List.of("the run left no catalog state to judge by"), Map.of());
        }
        return check(input, state);
    }

    static String read(Freshness.Judged r) {
        return "read of " + r.sku() + " at " + Freshness.at(r.read().startMs()) + " (from " + r.from() + ") saw version "
                + r.version() + " at " + Freshness.money(r.priceCents());
    }
}
