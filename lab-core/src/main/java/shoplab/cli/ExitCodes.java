package shoplab.cli;

/** The CLI's exit codes (DESIGN section 6). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int PERFORMANCE = 2;
    public static final int VIOLATION = 3;
    public static final int LAB_ERROR = 4;

    private ExitCodes() {
    }

    /**
     * A finished run's code: a safe strategy that violated a check is a failure (3); an unsafe one that
     * did is the lab showing what it exists to show (0); a run that did not complete is a lab error (4).
     */
    public static int of(shoplab.report.RunResults results) {
        if (!results.complete()) {
            return LAB_ERROR;
        }
        boolean safeViolated = results.strategies().stream().anyMatch(r -> !r.unsafe() && !r.allValid());
        return safeViolated ? VIOLATION : OK;
    }
}
