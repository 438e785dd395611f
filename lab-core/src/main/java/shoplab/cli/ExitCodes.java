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
}
