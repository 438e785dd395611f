package shoplab.checks;

/** A pure function from a run's history and final state to a verdict. */
public interface Checker {

    String name();

    Verdict check(CheckInput input);

    /**
     * Whether this checker can judge a run still going on: given the history so far and the stores as
     * they are now (not quiesced), every violation it reports is one on the whole run too. Such checkers
     * run every second during a run, so violations show on the timeline as they happen; the others
     * (conservation, convergence) only mean something on a quiesced stack and judge after the run.
     */
    default boolean soundOnPrefix() {
        return false;
    }
}
