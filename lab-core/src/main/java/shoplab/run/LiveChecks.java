package shoplab.run;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.history.Sample;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the checkers that are sound on a run so far ({@link Checker#soundOnPrefix()}) about once a second
 * while the load goes on; their violation counts ride on the stack samples, so the timeline shows a
 * violation when it happens rather than only in the verdicts after the run.
 */
final class LiveChecks {

    private static final long EVERY_MS = 1000;

    private final List<Checker> checkers;
    private final History history;
    private long lastAtMs = -EVERY_MS;
    private boolean forced;

    LiveChecks(List<Checker> all, History history) {
        this.checkers = all.stream().filter(Checker::soundOnPrefix).toList();
        this.history = history;
    }

    /**
     * The operations so far, when a check is due; taken before the stores are read, so that every
     * acknowledgement judged happened before the stores were seen (one after the read would look like a
     * sale the stores do not hold).
     */
    Prefix snapshot(long atMs) {
        if (checkers.isEmpty() || (atMs - lastAtMs < EVERY_MS && !forced)) {
            return null;
        }
        lastAtMs = atMs;
        forced = false;
        return new Prefix(history.ops());
    }

    /** The next snapshot is due whatever the time: the sample of the quiesced stack ends with the final counts. */
    void forceNext() {
        forced = true;
    }

    /** The history up to a moment, waiting for the stores' state read just after it. */
    final class Prefix {
        private final List<Op> ops;

        private Prefix(List<Op> ops) {
            this.ops = ops;
        }

        /**
         * Sample figures: {@code violations.<checker>} for each live checker, judging the scenario's
         * snapshot of the stores now (not quiesced).
         */
        Map<String, Double> violations(Object storesNow) {
            CheckInput input = new CheckInput(ops, history.faults(), List.of(), new FinalState(false, storesNow));
            Map<String, Double> figures = new HashMap<>();
            for (Checker c : checkers) {
                figures.put(Sample.VIOLATIONS_PREFIX + c.name(), (double) c.check(input).violations());
            }
            return figures;
        }
    }
}
