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
 * The shop serves again: once the traffic moved to the promoted data center (or, with no switch, after the
 * failure) some buy succeeds. Measures on the way the RTO: from the failure to the first of three seconds in
 * a row (or every second left of the load) that see at least 90% of the successful orders per second of the
 * five seconds before it; never (-1) when none do. Measures on the way the RTO (failure to
 * the start of that second), the switch (detection to traffic moved), the failed, shed and degraded shares of
 * the requests started inside the switch window, and the replica's lag at the failure.
 */
public final class RecoveryChecker implements Checker {

    public static final String NAME = "recovered";

    /** The rate before the failure is taken over this long. */
    static final long BEFORE_MS = 5_000;
    static final double RECOVERED_SHARE = 0.9;
    /**
     * Back means back for this many seconds in a row (or up to the load's end): a burst of the backlog's
     * answers followed by a collapse is not a recovery.
     */
    static final int SUSTAINED_SECONDS = 3;
    /**
     * The switch window runs on this long after the traffic moved: the clients refused during the switch come
     * back then, all at once, on top of the steady load (where protection earns its keep or does not).
     */
    public static final long AFTERMATH_MS = 5_000;

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

    private static double share(List<Op> ops, String served) {
        return (double) ops.stream().filter(o -> served.equals(o.served())).count() / ops.size();
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
            boolean back = perSecond > 0;
            for (long k = s; back && k < s + SUSTAINED_SECONDS * 1000 && k + 1000 <= lastEnd; k += 1000) {
                long from = k;
                long ok = buys.stream().filter(o -> o.outcome() == Outcome.OK && o.endMs() >= from && o.endMs() < from + 1000).count();
                back = ok >= RECOVERED_SHARE * perSecond;
            }
            if (back) {
                rto = s - t.failedAt();
            }
        }
        if (t.detectedAt() != null && t.switchedAt() != null) {
            figures.put(FailoverFigures.SWITCH_MS, (double) (t.switchedAt() - t.detectedAt()));
        }
        long windowEnd = (t.switchedAt() != null ? t.switchedAt() + AFTERMATH_MS : Long.MAX_VALUE);
        List<Op> inWindow = input.ops().stream().filter(o -> o.startMs() >= t.failedAt() && o.startMs() < windowEnd).toList();
        if (!inWindow.isEmpty()) {
            figures.put(FailoverFigures.SHED_RATE, share(inWindow, Op.SHED));
            figures.put(FailoverFigures.ERROR_RATE, share(inWindow, Op.FAILED));
            figures.put(FailoverFigures.DEGRADED_SHARE, share(inWindow, Op.DEGRADED));
        }
        lastBefore(input, t.failedAt(), lagKey).ifPresent(v -> figures.put(FailoverFigures.LAG_AT_FAULT_TX, v));
        lastBefore(input, t.failedAt(), fallbacksKey).ifPresent(v -> figures.put(FailoverFigures.SEMI_SYNC_FALLBACKS, v));
        figures.put(FailoverFigures.RTO_MS, rto == null ? -1.0 : rto);
        // The property: the shop serves again once the traffic moved. Back to the rate before is the RTO's
        // measure, not a property: a survivor near its capacity may never get there within the load.
        long resumedFrom = t.switchedAt() != null ? t.switchedAt() : t.failedAt();
        boolean served = buys.stream().anyMatch(o -> o.outcome() == Outcome.OK && o.startMs() >= resumedFrom);
        if (!served) {
            return new Verdict(NAME, false, 1, List.of(String.format(java.util.Locale.ROOT,
                    "after %s failed at %d ms no buy succeeded from %d ms (%s) to the load's end at %d ms",
                    t.from(), t.failedAt(), resumedFrom, t.switchedAt() != null ? "the traffic moved" : "no switch came",
                    lastEnd)), figures);
        }
        return Verdict.ok(NAME, figures);
    }
}
