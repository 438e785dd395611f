package shoplab.scenarios.productcache.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every price a shopper saw was one the database had: a cache may be behind, never ahead of or beside the truth. */
public final class PricesWereReal implements CatalogChecker {

    public static final String NAME = "prices-were-real";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input, CatalogState state) {
        List<String> examples = new ArrayList<>();
        long violations = 0;
        for (Freshness.Judged r : new Freshness(input.ops(), state).reads()) {
            if (r.phantom() != null) {
                violations++;
                if (examples.size() < Verdict.MAX_EXAMPLES) {
                    examples.add(CatalogChecker.read(r) + ": " + r.phantom());
                }
            }
        }
        return new Verdict(NAME, violations == 0, violations, examples, Map.of(CacheFigures.PHANTOM_READS, (double) violations));
    }
}
