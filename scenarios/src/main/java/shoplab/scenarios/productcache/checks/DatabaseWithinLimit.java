package shoplab.scenarios.productcache.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Verdict;
import shoplab.history.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The read path never sent the database more queries in a second than its limit (the protection's rate limit,
 * with a fifth over for the limiter's own window and the sampling's): under a hot key's breakdown, an avalanche,
 * probes for products that do not exist, or Redis down. Judged from the read path's query counter on the
 * timeline, over every stretch of one second between two samples. With the protection off the same limit is
 * applied: the violation is what the protection saves.
 */
public final class DatabaseWithinLimit implements CatalogChecker {

    public static final String NAME = "database-within-limit";
    /** The sample key of the read path's database queries so far. */
    public static final String DB_READS = "catalog.dbReads";
    public static final String MAX_QPS = "dbReadsMaxPerSec";
    static final double TOLERANCE = 1.2;
    static final double SLACK = 10;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input, CatalogState state) {
        List<Sample> counted = input.samples().stream().filter(s -> s.values().containsKey(DB_READS)).toList();
        double allowed = state.dbLimitQps() * TOLERANCE + SLACK;
        double worst = 0;
        long violations = 0;
        long lastViolationEnd = Long.MIN_VALUE;
        List<String> examples = new ArrayList<>();
        int j = 0;
        for (int i = 0; i < counted.size(); i++) {
            Sample from = counted.get(i);
            j = Math.max(j, i + 1);
            while (j < counted.size() && counted.get(j).atMs() < from.atMs() + 1000) {
                j++;
            }
            if (j >= counted.size()) {
                break;
            }
            Sample to = counted.get(j);
            double queries = to.values().get(DB_READS) - from.values().get(DB_READS);
            if (queries < 0) {
                continue; // the service restarted: its counter began again
            }
            double rate = queries * 1000.0 / (to.atMs() - from.atMs());
            worst = Math.max(worst, rate);
            if (rate > allowed && from.atMs() >= lastViolationEnd) { // one violation per second over, not per sample
                violations++;
                lastViolationEnd = to.atMs();
                if (examples.size() < Verdict.MAX_EXAMPLES) {
                    examples.add(String.format(Locale.ROOT, "%.0f database reads a second from %.1f s to %.1f s; the limit is %.0f/s%s",
                            rate, from.atMs() / 1000.0, to.atMs() / 1000.0, state.dbLimitQps(),
                            state.protection() ? "" : " (protection off)"));
                }
            }
        }
        return new Verdict(NAME, violations == 0, violations, examples, Map.of(MAX_QPS, worst));
    }
}
