package shoplab.run;

import java.util.List;

/**
 * One step of a run's scripted fault plan as run.json keeps it: the step as written ({@code 8.0s:kill:redis}),
 * its time on the run clock, and what became of it in each strategy's run, in run order (none yet for a
 * strategy that has not run).
 */
public record PlannedFault(String step, long atMs, List<FaultOutcome> outcomes) {

    public PlannedFault {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }
}
