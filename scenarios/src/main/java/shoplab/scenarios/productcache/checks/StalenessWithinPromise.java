package shoplab.scenarios.productcache.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * No read was staler than the strategy promises ({@link CatalogState#promisedStalenessMs}: its TTL, its second
 * delete, its change stream's lag, plus the process's own copy and a read's way through the service), and a read
 * the reverse proxy answered from its cache no staler than that plus the time the proxy keeps a page.
 */
public final class StalenessWithinPromise implements CatalogChecker {

    public static final String NAME = "staleness-within-promise";
    /** The layer name of a read the reverse proxy answered from its cache. */
    public static final String PROXY = "proxy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input, CatalogState state) {
        Freshness f = new Freshness(input.ops(), state);
        List<String> examples = new ArrayList<>();
        long violations = 0;
        for (Freshness.Judged r : f.reads()) {
            long promised = state.promisedStalenessMs() + (r.from().equals(PROXY) ? state.edge().proxyTtlMs() : 0);
            if (r.staleMs() > promised) {
                violations++;
                if (examples.size() < Verdict.MAX_EXAMPLES) {
                    examples.add(CatalogChecker.read(r) + ": " + String.format(java.util.Locale.ROOT, "%,d", r.staleMs())
                            + " ms after a newer version was answered; " + state.strategy() + " promises "
                            + String.format(java.util.Locale.ROOT, "%,d", promised) + " ms"
                            + (r.from().equals(PROXY) ? " (with the proxy's " + state.edge().proxyTtlMs() + " ms)" : ""));
                }
            }
        }
        return new Verdict(NAME, violations == 0, violations, examples, CacheFigures.of(f));
    }
}
