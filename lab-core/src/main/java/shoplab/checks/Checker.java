package shoplab.checks;

/** A pure function from a run's history and final state to a verdict. */
public interface Checker {

    String name();

    Verdict check(CheckInput input);
}
