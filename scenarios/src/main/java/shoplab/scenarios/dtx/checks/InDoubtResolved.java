package shoplab.scenarios.dtx.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nothing is left undecided once the stack is quiet: no XA branch still prepared in a database (in doubt,
 * holding its locks), no TCC transaction neither confirmed nor cancelled, no outbox row unsent, no half message
 * neither committed nor rolled back. Every undecided thing counts. Unlike the other checkers it also judges a
 * stack that did not quiesce (what is still undecided is most likely why), and counts that as one more
 * violation, as stock-conserved does.
 */
public final class InDoubtResolved implements DtxChecker {

    public static final String NAME = "in-doubt-resolved";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String judges() {
        return "the undecided transactions and messages";
    }

    @Override
    public Verdict check(CheckInput input) {
        FinalState fs = input.finalState();
        DtxState state = fs == null ? null : fs.snapshot(DtxState.class);
        if (state == null) {
            return DtxChecker.noSnapshot(NAME);
        }
        Verdict v = check(state);
        if (fs.quiesced()) {
            return v;
        }
        List<String> examples = new ArrayList<>();
        examples.add("the stack did not quiesce in time");
        examples.addAll(v.examples());
        return new Verdict(NAME, false, v.violations() + 1, examples, v.figures());
    }

    @Override
    public Verdict check(DtxState state) {
        Pending p = state.pending();
        if (p == null) {
            return new Verdict(NAME, false, 1, List.of("the snapshot has no pending counts to judge"), Map.of());
        }
        long violations = 0;
        List<String> examples = new ArrayList<>();
        violations += undecided(p.inDoubt(), "XA branch still prepared (in doubt)",
                "XA branches still prepared (in doubt)", examples);
        violations += undecided(p.tccUndecided(), "TCC transaction neither confirmed nor cancelled",
                "TCC transactions neither confirmed nor cancelled", examples);
        violations += undecided(p.outboxUnsent(), "outbox row never sent", "outbox rows never sent", examples);
        violations += undecided(p.halfUndecided(), "half message neither committed nor rolled back",
                "half messages neither committed nor rolled back", examples);
        return new Verdict(NAME, violations == 0, violations, examples,
                Map.of(DtxFigures.IN_DOUBT, (double) p.inDoubt(), DtxFigures.TCC_UNDECIDED, (double) p.tccUndecided(),
                        DtxFigures.OUTBOX_UNSENT, (double) p.outboxUnsent(),
                        DtxFigures.HALF_UNDECIDED, (double) p.halfUndecided()));
    }

    private static long undecided(long n, String singular, String plural, List<String> examples) {
        if (n == 0) {
            return 0;
        }
        examples.add(Texts.count(n, singular, plural));
        return Math.abs(n);
    }
}
