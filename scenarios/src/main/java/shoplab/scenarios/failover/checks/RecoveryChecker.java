package shoplab.scenarios.failover.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shop recovers: after the data center fails, some second of the load again sees at least 90% of the
 * successful orders per second it saw in the five seconds before. Measures on the way the RTO (failure to
 * the start of that second), the switch (detection to traffic moved), the failed and shed shares of the buys
 * started inside the switch window, and the replica's lag at the failure.
 */
public final class RecoveryChecker implements Checker {

    public static final String NAME = "recovered";

    /** The rate before the failure is taken over this long. */
    static final long BEFORE_MS = 5_000;
    static final double RECOVERED_SHARE = 0.9;

    private final String lagKey;
    private final String fallbacksKey;

    /**
     * @param lagKey       the sample figure of the replica's lag in transactions ({@code dc-b/db.replicationLagTx})
     * @param fallbacksKey the primary's semi-sync fall-backs ({@code dc-a/db.semiSyncFallbacks}), sampled in semi-sync runs
     */
    public RecoveryChecker(String lagKey, String fallbacksKey) {
        this.lagKey = lagKey;
        this.fallbacksKey = fallbacksKey;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A sample figure's last value before {@code atMs}, when any sample carried it. */
    private static java.util.Optional<Double> lastBefore(CheckInput input, long atMs, String key) {
        return input.samples().stream().filter(s -> s.atMs() < atMs && !Double.isNaN(s.get(key)))
                .reduce((a, b) -> b).map(s -> s.get(key));
    }

    @Override
    public Verdict check(CheckInput input) {
        Timeline t = Timeline.of(input.faults()).orElse(null);
        if (t == null) {
            return new Verdict(NAME, false, 1, List.of("no data center failed in this run: nothing to recover from"), Map.of());
        }
        List<Op> buys = input.ops().stream().filter(o -> o.f().equals(Op.BUY)).toList();
        Map<String, Double> figures = new HashMap<>();
        long before = buys.stream().filter(o -> o.outcome() == Outcome.OK && o.endMs() >= t.failedAt() - BEFORE_MS
                && o.endMs() < t.failedAt()).count();
        double perSecond = before * 1000.0 / BEFORE_MS;
        long lastEnd = buys.stream().mapToLong(Op::endMs).max().orElse(t.failedAt());
        Long rto = null;
        for (long s = t.failedAt(); s + 1000 <= lastEnd && rto == null; s += 1000) {
            long from = s;
            long ok = buys.stream().filter(o -> o.outcome() == Outcome.OK && o.endMs() >= from && o.endMs() < from + 1000).count();
            if (perSecond > 0 && ok >= RECOVERED_SHARE * perSecond) {
                rto = s - t.failedAt();
            }
        }
        if (t.detectedAt() != null && t.switchedAt() != null) {
            figures.put(FailoverFigures.SWITCH_MS, (double) (t.switchedAt() - t.detectedAt()));
        }
        long windowEnd = t.switchedAt() != null ? t.switchedAt() : lastEnd;
        List<Op> inWindow = buys.stream().filter(o -> o.startMs() >= t.failedAt() && o.startMs() < windowEnd).toList();
        if (!inWindow.isEmpty()) {
            long shed = inWindow.stream().filter(o -> o.status() == 503 || o.status() == 429).count();
            long failed = inWindow.stream().filter(o -> o.outcome() == Outcome.UNKNOWN && o.status() != 503 && o.status() != 429).count();
            figures.put(FailoverFigures.SHED_RATE, (double) shed / inWindow.size());
            figures.put(FailoverFigures.ERROR_RATE, (double) failed / inWindow.size());
        }
        lastBefore(input, t.failedAt(), lagKey).ifPresent(v -> figures.put(FailoverFigures.LAG_AT_FAULT_TX, v));
        lastBefore(input, t.failedAt(), fallbacksKey).ifPresent(v -> figures.put(FailoverFigures.SEMI_SYNC_FALLBACKS, v));
        if (rto == null) {
            figures.put(FailoverFigures.RTO_MS, -1.0);
            return new Verdict(NAME, false, 1, List.of(String.format(java.util.Locale.ROOT,
                    "after %s failed at %d ms no second reached %.0f%% of the %.1f orders/s before it, up to the load's end at %d ms",
                    t.from(), t.failedAt(), RECOVERED_SHARE * 100, perSecond, lastEnd)), figures);
        }
        figures.put(FailoverFigures.RTO_MS, (double) rto);
        return Verdict.ok(NAME, figures);
    }
}
