package shoplab.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** How long ending the plan waits for a step that is being applied (a data center's kill takes seconds). */
    private static final long STEP_GRACE_SECONDS = 30;

    private final String strategy;
    private final List<FaultStep> steps;
    private final Consumer<String> progress;
    /** Per step, in plan order; guarded by this. */
    private final FaultOutcome[] outcomes;
    private final ScheduledThreadPoolExecutor plan;
    private boolean ended;

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
        plan.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // ending cancels the steps still to come
    }

    /** Applies a step to the stack; {@code step.apply(faults)} in a run. */
    interface Applier {
        void apply(FaultStep step) throws Exception;
    }

    /** Schedules every step, applied by {@code faults} at its time on {@code clockMs} (the run clock, already started). */
    void start(Applier faults, LongSupplier clockMs) {
        for (int i = 0; i < steps.size(); i++) {
            int index = i;
            FaultStep step = steps.get(i);
            plan.schedule(() -> apply(index, step, faults, clockMs), Math.max(0, step.atMs() - clockMs.getAsLong()),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void apply(int index, FaultStep step, Applier faults, LongSupplier clockMs) {
        synchronized (this) {
            if (ended) {
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
     * Ends the plan (the load is over, or the strategy's run is): a step being applied finishes, every step
     * without an outcome yet is marked not run, {@code why}. Later calls change nothing.
     *
     * @return the outcomes, in plan order
     */
    List<FaultOutcome> end(String why) {
        synchronized (this) {
            if (ended) {
                return Arrays.asList(outcomes.clone());
            }
            ended = true;
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
