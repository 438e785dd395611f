package shoplab.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's scripted faults on the run clock, one at a time on their own thread; one that fails is reported
 * and the run goes on. It ends with the load: the steps due by then still run to the end (a kill that took
 * long must not have its restart interrupted half way, leaving a data center half up), the later ones are
 * skipped and said so.
 */
final class FaultPlan implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultPlan.class);

    /** How long the steps due before the load ended may still take (a data center's restart boots its stack). */
    private static final long DRAIN_SECONDS = 120;

    private record Scheduled(FaultStep step, ScheduledFuture<?> future) {
    }

    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "fault-plan");
        t.setDaemon(true);
        return t;
    });
    private final List<Scheduled> steps = new ArrayList<>();
    private final Consumer<String> progress;

    FaultPlan(List<FaultStep> plan, Faults faults, Consumer<String> progress) {
        this.progress = progress;
        for (FaultStep step : plan) {
            steps.add(new Scheduled(step, thread.schedule(() -> {
                try {
                    step.apply(faults);
                    progress.accept("fault " + step);
                } catch (Exception e) {
                    progress.accept("fault " + step + " failed: " + e.getMessage());
                }
            }, step.atMs(), TimeUnit.MILLISECONDS)));
        }
    }

    /** The load ended at {@code atMs} on the run clock: skips the steps after it, lets the due ones finish. */
    void loadEnded(long atMs) throws InterruptedException {
        for (Scheduled s : steps) {
            if (s.step().atMs() > atMs && s.future().cancel(false)) {
                progress.accept("fault " + s.step() + " not run: the load ended at "
                        + String.format(Locale.ROOT, "%.1f s", atMs / 1000.0));
            }
        }
        thread.shutdown();
        if (!thread.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("the fault plan did not finish within {} s of the load's end; interrupting it", DRAIN_SECONDS);
            thread.shutdownNow();
        }
    }

    /** Stops at once (the run was stopped or failed). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
