package shoplab.run;

/**
 * What became of one scripted fault step in one strategy's run: {@value #DONE} at {@code atMs} on the run
 * clock, {@value #FAILED} at {@code atMs} with the reason, or {@value #NOT_RUN} with the reason (the load
 * ended before its time, the run was stopped, the strategy failed). Kept in run.json, shown in the report.
 *
 * @param strategy the strategy whose run it was
 * @param status   {@value #DONE}, {@value #FAILED} or {@value #NOT_RUN}
 * @param atMs     when it was applied, on the run clock; null when it was not run
 * @param message  why it failed or was not run; null when done
 */
public record FaultOutcome(String strategy, String status, Long atMs, String message) {

    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String NOT_RUN = "not run";

    static FaultOutcome done(String strategy, long atMs) {
        return new FaultOutcome(strategy, DONE, atMs, null);
    }

    static FaultOutcome failed(String strategy, long atMs, String message) {
        return new FaultOutcome(strategy, FAILED, atMs, message);
    }

    static FaultOutcome notRun(String strategy, String why) {
        return new FaultOutcome(strategy, NOT_RUN, null, why);
    }

    public boolean done() {
        return DONE.equals(status);
    }

    /** {@code done at 8.0 s}, {@code failed at 8.0 s: ...}, {@code not run: ...}: as the report and the console say it. */
    public String describe() {
        return switch (status) {
            case DONE -> "done at " + LoadEnd.seconds(atMs);
            case FAILED -> "failed at " + LoadEnd.seconds(atMs) + ": " + message;
            default -> status + (message == null ? "" : ": " + message);
        };
    }
}
