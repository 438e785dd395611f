package shoplab.scenarios.productcache.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * No read was staler than the strategy promises ({@link CatalogState#promisedStalenessMs}: its TTL, its second
 * delete, its change stream's lag, plus the process's own copy and a read's way through the service), and a read
 * the reverse proxy or the shopper's client answered from its cache no staler than that plus the time it keeps
 * a page.
 */
public final class StalenessWithinPromise implements CatalogChecker {

    public static final String NAME = "staleness-within-promise";
    /** The layer name of a read the reverse proxy answered from its cache. */
    public static final String PROXY = "proxy";
    /** ... and of a page the shopper's own client kept (Cache-Control max-age, or a 304 to its ETag). */
    public static final String CLIENT = "client";

    /**
     * What a read from {@code layer} may lag: the strategy's promise; a page the proxy kept, plus the proxy's TTL;
     * a page the client kept, plus its max-age and the proxy's TTL (the client may have kept a proxy's copy).
     */
    static long promise(CatalogState state, String layer) {
        return state.promisedStalenessMs() + switch (layer) {
            case PROXY -> state.edge().proxyTtlMs();
            case CLIENT -> state.edge().proxyTtlMs() + state.clientMaxAgeMs();
            default -> 0;
        };
    }

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
            long promised = promise(state, r.from());
            if (r.staleMs() > promised) {
                violations++;
                if (examples.size() < Verdict.MAX_EXAMPLES) {
                    examples.add(CatalogChecker.read(r) + ": " + String.format(java.util.Locale.ROOT, "%,d", r.staleMs())
                            + " ms after a newer version was answered; " + state.strategy() + " promises "
                            + String.format(java.util.Locale.ROOT, "%,d", promised) + " ms"
                            + (promised > state.promisedStalenessMs() ? " (with the " + r.from() + "'s keeping)" : ""));
                }
            }
        }
        return new Verdict(NAME, violations == 0, violations, examples, CacheFigures.of(f));
    }
}
