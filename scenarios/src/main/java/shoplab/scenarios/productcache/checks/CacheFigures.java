package shoplab.scenarios.productcache.checks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The figures of freshness: what share of reads were stale and by how much, overall and per layer. */
public final class CacheFigures {

    public static final String READS = "reads";
    public static final String STALE_SHARE = "staleShare";
    public static final String STALE_P50_MS = "staleP50Ms";
    public static final String STALE_P99_MS = "staleP99Ms";
    public static final String STALE_MAX_MS = "staleMaxMs";
    public static final String PHANTOM_READS = "phantomReads";
    public static final String NEVER_HEAL = "neverHeal";
    public static final String DIVERGED_AT_END = "divergedAtEnd";
    /** Per layer: {@code staleMaxMs.local}, {@code staleShare.redis} ... */
    public static final List<String> LAYERS = List.of("client", "proxy", "local", "redis", "db");

    private CacheFigures() {
    }

    /** Staleness is taken over the stale reads (a fresh read is 0 ms behind and says nothing of how far behind the stale ones were). */
    public static Map<String, Double> of(Freshness f) {
        Map<String, Double> out = new HashMap<>();
        out.put(READS, (double) f.reads().size());
        add(out, "", f.reads());
        for (String layer : LAYERS) {
            add(out, "." + layer, f.reads().stream().filter(r -> r.from().equals(layer)).toList());
        }
        return out;
    }

    private static void add(Map<String, Double> out, String suffix, List<Freshness.Judged> reads) {
        long[] stale = reads.stream().filter(Freshness.Judged::stale).mapToLong(Freshness.Judged::staleMs).sorted().toArray();
        out.put(STALE_SHARE + suffix, reads.isEmpty() ? 0 : (double) stale.length / reads.size());
        out.put(STALE_P50_MS + suffix, percentile(stale, 0.50));
        out.put(STALE_P99_MS + suffix, percentile(stale, 0.99));
        out.put(STALE_MAX_MS + suffix, stale.length == 0 ? 0 : (double) stale[stale.length - 1]);
    }

    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
}
