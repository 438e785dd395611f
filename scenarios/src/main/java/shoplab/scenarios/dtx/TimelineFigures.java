package shoplab.scenarios.dtx;

import shoplab.history.FaultEvent;
import shoplab.history.Sample;
import shoplab.report.Timeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures a distributed-tx run takes from its timeline: the stock rows' lock times, the most XA branches in
 * doubt at once, how long the stack took to recover from each fault, and the participants' counts (absorbed
 * repeats, empty rollbacks, suspended tries) summed over the run, across a participant's restart.
 */
final class TimelineFigures {

    static final String LOCK_P99_MS = "lockP99Ms";
    static final String LOCK_MAX_MS = "lockMaxMs";
    static final String IN_DOUBT_MAX = "inDoubtMax";
    static final String RECOVERY_MS = "recoveryMs";
    static final String ABSORBED = "absorbed";
    static final String EMPTY_ROLLBACKS = "emptyRollbacks";
    static final String SUSPENDED_TRIES = "suspendedTries";

    /** The normal level of unfinished work is read over this long before a fault. */
    static final long BASELINE_MS = 2000;

    private TimelineFigures() {
    }

    static Map<String, Number> of(List<Sample> samples, List<FaultEvent> faults) {
        Map<String, Number> f = new LinkedHashMap<>();
        last(samples, DtxProbe.LOCK_P99).ifPresent(v -> f.put(LOCK_P99_MS, v));
        max(samples, DtxProbe.LOCK_MAX).ifPresent(v -> f.put(LOCK_MAX_MS, v));
        max(samples, DtxProbe.IN_DOUBT).ifPresent(v -> f.put(IN_DOUBT_MAX, v));
        recovery(samples, faults).ifPresent(v -> f.put(RECOVERY_MS, v));
        f.put(ABSORBED, increments(samples, DtxProbe.ABSORBED));
        f.put(EMPTY_ROLLBACKS, increments(samples, DtxProbe.EMPTY_ROLLBACKS));
        f.put(SUSPENDED_TRIES, increments(samples, DtxProbe.SUSPENDED_TRIES));
        return f;
    }

    /**
     * For each fault that was healed: from its heal until unfinished work (TCC, outbox, half messages, XA in
     * doubt) is back to what it was just before the fault (in-flight purchases count there too); the longest.
     */
    static java.util.Optional<Double> recovery(List<Sample> samples, List<FaultEvent> faults) {
        List<long[]> windows = Timeline.faultWindows(faults, Long.MAX_VALUE).stream().filter(Timeline.FaultWindow::healed)
                .map(w -> new long[] {w.startMs(), w.endMs()}).toList(); // start, heal
        double worst = -1;
        for (long[] w : windows) {
            double baseline = 0;
            for (Sample s : samples) {
                if (s.atMs() >= w[0] - BASELINE_MS && s.atMs() < w[0]) {
                    baseline = Math.max(baseline, backlog(s));
                }
            }
            for (Sample s : samples) {
                if (s.atMs() >= w[1] && s.values().containsKey(DtxProbe.UNFINISHED) && backlog(s) <= baseline) {
                    worst = Math.max(worst, s.atMs() - w[1]);
                    break;
                }
            }
        }
        return worst < 0 ? java.util.Optional.empty() : java.util.Optional.of(worst);
    }

    private static double backlog(Sample s) {
        return s.values().getOrDefault(DtxProbe.UNFINISHED, 0.0) + s.values().getOrDefault(DtxProbe.IN_DOUBT, 0.0)
                + s.values().getOrDefault(DtxProbe.HELD, 0.0);
    }

    private static java.util.Optional<Double> last(List<Sample> samples, String key) {
        for (int i = samples.size() - 1; i >= 0; i--) {
            Double v = samples.get(i).values().get(key);
            if (v != null) {
                return java.util.Optional.of(v);
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<Double> max(List<Sample> samples, String key) {
        return samples.stream().map(s -> s.values().get(key)).filter(java.util.Objects::nonNull).max(Double::compare);
    }

    /** A counter's rises summed: a participant's restart sets it back to 0 without losing what it counted before. */
    static double increments(List<Sample> samples, String key) {
        double sum = 0;
        Double previous = null;
        for (Sample s : samples) {
            Double v = s.values().get(key);
            if (v == null) {
                continue;
            }
            if (previous != null && v > previous) {
                sum += v - previous;
            } else if (previous == null) {
                sum += v;
            }
            previous = v;
        }
        return sum;
    }
}
