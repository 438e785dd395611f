package shoplab.report;

import java.util.Locale;

/** Number and verdict wording shared by the HTML report and the text table, so both say the same. */
public final class Fmt {

    public static final String VERDICT_OK = "ok";
    public static final String VERDICT_EXPECTED = "violated (expected: unsafe strategy)";
    public static final String VERDICT_VIOLATED = "VIOLATED";
    public static final String VERDICT_NONE = "not checked";

    private Fmt() {
    }

    /** How a strategy's verdicts read as one word or phrase. */
    public static String verdict(StrategyResult s) {
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
