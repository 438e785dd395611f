package shoplab.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One strategy's scripted faults on the run clock, and what became of each step: done at its time, failed
 * (with the reason), or not run (the load ended first, the run stopped, the strategy failed). A failed or
 * skipped step used to vanish from everything but a progress line; now every step ends with an outcome,
 * which the run bundle keeps ({@link PlannedFault}).
 */
final class ScriptedFaults {

    /** How long ending the plan waits for the steps due by then (a data center's restart boots its stack). */
    private static final long STEP_GRACE_SECONDS = 120;

    private final String strategy;
    private final List<FaultStep> steps;
    private final Consumer<String> progress;
    /** Per step, in plan order; guarded by this. */
    private final FaultOutcome[] outcomes;
    private final ScheduledThreadPoolExecutor plan;
    private boolean ended;
    /** The run-clock time the plan ended at: a step due by then still runs; guarded by this. */
    private long endedAtMs = Long.MAX_VALUE;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private LongSupplier clock = () -> 0;

    /** @param progress where each step's outcome is said as it happens (the run's progress, tagged) */
    ScriptedFaults(String strategy, List<FaultStep> steps, Consumer<String> progress) {
        this.strategy = strategy;
        this.steps = List.copyOf(steps);
        this.progress = progress;
        this.outcomes = new FaultOutcome[this.steps.size()];
        this.plan = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fault-plan");
            t.setDaemon(true);
            return t;
        });
    }

    /** Applies a step to the stack; {@code step.apply(faults)} in a run. */
    interface Applier {
        void apply(FaultStep step) throws Exception;
    }

    /** Schedules every step, applied by {@code faults} at its time on {@code clockMs} (the run clock, already started). */
    void start(Applier faults, LongSupplier clockMs) {
        this.clock = clockMs;
        for (int i = 0; i < steps.size(); i++) {
            int index = i;
            FaultStep step = steps.get(i);
            scheduled.add(plan.schedule(() -> apply(index, step, faults, clockMs), Math.max(0, step.atMs() - clockMs.getAsLong()),
                    TimeUnit.MILLISECONDS));
        }
    }

    private void apply(int index, FaultStep step, Applier faults, LongSupplier clockMs) {
        synchronized (this) {
            if (step.atMs() > endedAtMs) {
                return;
            }
        }
        long at = clockMs.getAsLong();
        FaultOutcome outcome;
        try {
            faults.apply(step);
            outcome = FaultOutcome.done(strategy, at);
            progress.accept("fault " + step);
        } catch (Exception e) { // the run goes on; the outcome says why it did nothing (or not all)
            outcome = FaultOutcome.failed(strategy, at, e.getMessage() == null ? e.toString() : e.getMessage());
            progress.accept("fault " + step + " failed: " + outcome.message());
        }
        synchronized (this) {
            if (outcomes[index] == null) {
                outcomes[index] = outcome;
            }
        }
    }

    /**
     * Ends the plan (the load is over, or the strategy's run is): the steps due by now still run, in order
     * (a restart queued behind a slow kill must not be dropped, leaving a data center down), the later ones
     * are cancelled, and every step without an outcome then is marked not run, {@code why}. Later calls
     * change nothing.
     *
     * @return the outcomes, in plan order
     */
    List<FaultOutcome> end(String why) {
        synchronized (this) {
            if (ended) {
                return Arrays.asList(outcomes.clone());
            }
            ended = true;
            endedAtMs = clock.getAsLong();
        }
        for (int i = 0; i < steps.size() && i < scheduled.size(); i++) {
            if (steps.get(i).atMs() > endedAtMs) {
                scheduled.get(i).cancel(false);
            }
        }
        plan.shutdown();
        try {
            plan.awaitTermination(STEP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> skipped = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = FaultOutcome.notRun(strategy, why);
                    skipped.add(steps.get(i).toString());
                }
            }
        }
        skipped.forEach(s -> progress.accept("fault " + s + " not run: " + why));
        return List.copyOf(Arrays.asList(outcomes));
    }
}
