package shoplab.scenarios.failover.checks;

/** The figures the failover's checkers measure, by the keys results.json and the report use. */
public final class FailoverFigures {

    /** Orders the buyers were told succeeded that the serving data center does not have at the end. */
    public static final String RPO_ORDERS = "rpoOrders";
    /** From the data center's failure to the first of three seconds in a row whose successful orders reach 90% of the rate before. */
    public static final String RTO_MS = "rtoMs";
    /** From the traffic manager's detection to the traffic moved. */
    public static final String SWITCH_MS = "switchMs";
    /** Buys acknowledged by a data center after its write lease had run out (must be 0). */
    public static final String WRITES_AFTER_FENCE = "writesAfterFence";
    /**
     * Of the requests (product reads, buys, pays; every attempt) started inside the switch window, from the
     * failure to {@link RecoveryChecker#AFTERMATH_MS} after the traffic moved: the shares that failed (error,
     * timeout), were shed (refused at once with Retry-After) and were served degraded (a fallback answered).
     */
    public static final String ERROR_RATE = "errorRate";
    public static final String SHED_RATE = "shedRate";
    public static final String DEGRADED_SHARE = "degradedShare";
    /** Times the primary's semi-sync had fallen back to async by the last sample before the failure (semi-sync runs). */
    public static final String SEMI_SYNC_FALLBACKS = "semiSyncFallbacks";
    /** Transactions the first replica was behind at the last sample before the failure. */
    public static final String LAG_AT_FAULT_TX = "lagAtFaultTx";

    private FailoverFigures() {
    }
}
