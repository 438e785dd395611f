package shoplab.report;

import java.util.Locale;

/** Number and verdict wording shared by the HTML report and the text table, so both say the same. */
public final class Fmt {

    public static final String VERDICT_OK = "ok";
    public static final String VERDICT_EXPECTED = "violated (expected: unsafe strategy)";
    public static final String VERDICT_VIOLATED = "VIOLATED";
    public static final String VERDICT_NONE = "not checked";
    /** Said after the verdict of a stack judged before it drained: work was still in flight. */
    public static final String NOT_DRAINED = " (judged before the stack drained)";

    private Fmt() {
    }

    /** How a strategy's verdicts read, with a warning when the stack was judged before it drained. */
    public static String verdict(StrategyResult s) {
        return verdictWord(s) + (s.undrained() ? NOT_DRAINED : "");
    }

    /** The verdict alone: one of {@link #VERDICT_OK}, {@link #VERDICT_EXPECTED}, {@link #VERDICT_VIOLATED}, {@link #VERDICT_NONE}. */
    public static String verdictWord(StrategyResult s) {
        if (s.checks().isEmpty()) {
            return VERDICT_NONE;
        }
        if (s.allValid()) {
            return VERDICT_OK;
        }
        return s.unsafe() ? VERDICT_EXPECTED : VERDICT_VIOLATED;
    }

    public static String decimal(double v, int places) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%." + places + "f", v);
    }

    public static String convergence(long ms) {
        return ms < 0 ? "never" : Long.toString(ms);
    }

    public static String seconds(long ms) {
        return decimal(ms / 1000.0, 1);
    }
}
