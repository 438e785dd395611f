package shoplab.scenarios.productcache.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Once the changes have stopped, no Redis copy differs from the database without an expiry that will end it: a
 * copy kept until something deletes it, when nothing will, is a stale price that never heals. Judged only on a
 * quiet stack (the change stream caught up).
 */
public final class CachesHeal implements CatalogChecker {

    public static final String NAME = "caches-heal";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input, CatalogState state) {
        if (!input.finalState().quiesced()) {
            return new Verdict(NAME, false, 1, List.of("the change stream did not catch up in time: the copies were not judged"), Map.of());
        }
        List<String> examples = new ArrayList<>();
        long never = 0;
        for (CatalogState.Diverged d : state.diverged()) {
            if (!d.expires()) {
                never++;
                if (examples.size() < Verdict.MAX_EXAMPLES) {
                    examples.add(d.sku() + ": Redis holds version " + d.cacheVersion() + " at " + Freshness.money(d.cachePriceCents())
                            + " with no expiry; the database has version " + d.dbVersion() + " at " + Freshness.money(d.dbPriceCents()));
                }
            }
        }
        return new Verdict(NAME, never == 0, never, examples, Map.of(CacheFigures.NEVER_HEAL, (double) never,
                CacheFigures.DIVERGED_AT_END, (double) state.diverged().size()));
    }
}
