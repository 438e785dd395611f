package shoplab.scenarios.productcache.checks;

import shoplab.checks.CheckInput;
import shoplab.history.Op;
import shoplab.history.Sample;
import shoplab.report.Timeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database's load under each fault of the plan: the most read-path queries a second sampled while it was in
 * force (an avalanche, an instant, for the 3 s after it; the probes for missing products, from the first probe
 * to the last), and how many product reads were shed by the limit instead.
 */
public final class LoadUnderFaults {

    /** The sample key of the read path's database queries a second. */
    public static final String DB_READS_QPS = "catalog.dbReadsPerSec";
    public static final String MAX_PREFIX = "dbReadsMax.";
    public static final String SHED = "shedReads";
    public static final List<String> FAULTS = List.of("slow-fill", "breakdown", "avalanche", "probes", "redis-down");
    static final long AVALANCHE_WATCH_MS = 3000;

    private LoadUnderFaults() {
    }

    public static Map<String, Double> of(CheckInput run, String probeOp) {
        Map<String, long[]> windows = new LinkedHashMap<>();
        long end = run.samples().isEmpty() ? 0 : run.samples().get(run.samples().size() - 1).atMs();
        for (Timeline.FaultWindow w : Timeline.faultWindows(run.faults(), end)) {
            String name = switch (w.target()) {
                case "product/slow-fill" -> "slow-fill";
                case "product/breakdown" -> "breakdown";
                case "product/avalanche" -> "avalanche";
                case "redis" -> "redis-down";
                default -> null;
            };
            if (name != null) {
                windows.put(name, new long[]{w.startMs(), name.equals("avalanche") ? w.startMs() + AVALANCHE_WATCH_MS : w.endMs()});
            }
        }
        List<Op> probes = run.ops().stream().filter(o -> o.f().equals(probeOp)).toList();
        if (!probes.isEmpty()) {
            windows.put("probes", new long[]{probes.stream().mapToLong(Op::startMs).min().orElseThrow(),
                    probes.stream().mapToLong(Op::endMs).max().orElseThrow()});
        }
        Map<String, Double> out = new LinkedHashMap<>();
        windows.forEach((name, w) -> out.put(MAX_PREFIX + name, run.samples().stream()
                .filter(s -> s.atMs() >= w[0] && s.atMs() <= w[1] && s.values().containsKey(DB_READS_QPS))
                .mapToDouble(s -> s.values().get(DB_READS_QPS)).max().orElse(0)));
        out.put(SHED, (double) run.ops().stream().filter(o -> o.f().equals(Freshness.READ) && o.status() == 429).count());
        return out;
    }
}
