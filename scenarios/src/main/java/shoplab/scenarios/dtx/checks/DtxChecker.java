package shoplab.scenarios.dtx.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;

import java.util.List;
import java.util.Map;

/**
 * A distributed-transaction checker: a pure function of the quiesced stores ({@link DtxState}) to a verdict.
 * As a run's {@link Checker} it reads the final state's snapshot; a stack that did not quiesce is not judged
 * (a violation saying so, never a pass: holds and messages still moving prove nothing either way), and a run
 * without a snapshot is a violation too.
 */
public interface DtxChecker extends Checker {

    /** The verdict on the stores. */
    Verdict check(DtxState state);

    /** What the checker judges, for the "not judged" example, e.g. "the purchases and their holds". */
    String judges();

    @Override
    default Verdict check(CheckInput input) {
        FinalState fs = input.finalState();
        if (fs == null || !fs.quiesced()) {
            return notJudged(name(), judges());
        }
        DtxState state = fs.snapshot(DtxState.class);
        return state == null ? noSnapshot(name()) : check(state);
    }

    /** The verdict when the stack did not drain in time. */
    static Verdict notJudged(String checker, String what) {
        return new Verdict(checker, false, 1, List.of("the stack did not quiesce in time: " + what
                + " were not judged"), Map.of());
    }

    /** The verdict when the run left no snapshot. */
    static Verdict noSnapshot(String checker) {
        return new Verdict(checker, false, 1, List.of("the run left no distributed-tx snapshot to judge"), Map.of());
    }
}
