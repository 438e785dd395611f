package shoplab.scenarios.dtx.checks;

import shoplab.checks.FinalState;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each purchase was visibly inconsistent across the three databases (figures, not a checker): from its
 * first change to its last, over the trade's row and both participants' journals, i.e.
 * max(its effects' atMs, decidedAtMs when > 0) - min(its effects' atMs, createdAtMs when > 0). Measured over the
 * purchases with at least one participant effect; p50, p99 (nearest rank) and max in ms, and how many.
 */
public final class InconsistencyWindow {

    private InconsistencyWindow() {
    }

    /**
     * The window figures of a final state: {@link DtxFigures#WINDOW_P50_MS}, {@link DtxFigures#WINDOW_P99_MS},
     * {@link DtxFigures#WINDOW_MAX_MS} and {@link DtxFigures#WINDOW_COUNT}; only the count (0) when no purchase
     * reached a participant, and an empty map when there is no snapshot.
     */
    public static Map<String, Double> figures(FinalState state) {
        DtxState s = state == null ? null : state.snapshot(DtxState.class);
        return s == null ? Map.of() : figures(s);
    }

    /** The window figures of the stores, as {@link #figures(FinalState)}. */
    public static Map<String, Double> figures(DtxState state) {
        long[] ms = windows(state);
        Map<String, Double> f = new LinkedHashMap<>();
        f.put(DtxFigures.WINDOW_COUNT, (double) ms.length);
        if (ms.length > 0) {
            f.put(DtxFigures.WINDOW_P50_MS, (double) percentile(ms, 50));
            f.put(DtxFigures.WINDOW_P99_MS, (double) percentile(ms, 99));
            f.put(DtxFigures.WINDOW_MAX_MS, (double) ms[ms.length - 1]);
        }
        return f;
    }

    /** Each purchase's window, ms, sorted, over the purchases with at least one participant effect. */
    static long[] windows(DtxState state) {
        Map<String, long[]> span = new HashMap<>(); // purchase -> {first, last}
        for (Participant p : state.participants()) {
            for (Effect e : p.effects()) {
                span.merge(e.purchaseId(), new long[] {e.atMs(), e.atMs()},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        for (Purchase p : state.purchases()) {
            long[] s = span.get(p.id());
            if (s != null) {
                if (p.createdAtMs() > 0) {
                    s[0] = Math.min(s[0], p.createdAtMs());
                }
                if (p.decidedAtMs() > 0) {
                    s[1] = Math.max(s[1], p.decidedAtMs());
                }
            }
        }
        long[] ms = span.values().stream().mapToLong(s -> s[1] - s[0]).toArray();
        Arrays.sort(ms);
        return ms;
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
