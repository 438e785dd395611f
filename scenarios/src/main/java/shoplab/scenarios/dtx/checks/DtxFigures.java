package shoplab.scenarios.dtx.checks;

/**
 * The names of the distributed-transaction figures: the keys its checkers (and {@link InconsistencyWindow})
 * put in their verdicts and its scenario reads back into results.json, one constant for both.
 */
public final class DtxFigures {

    /** Trade rows (all-or-nothing). */
    public static final String PURCHASES = "purchases";
    /** Trade rows PAID (all-or-nothing). */
    public static final String PAID = "paid";
    /** Trade rows FAILED (all-or-nothing). */
    public static final String FAILED = "failed";
    /** Purchases whose trade row and holds disagree (all-or-nothing). */
    public static final String INCONSISTENT = "inconsistent";
    /** Units an item's free count is off by from its holds, summed over items (nothing-used-twice). */
    public static final String UNITS_OFF = "unitsOff";
    /** Purchases beyond the first holding one coupon code (nothing-used-twice). */
    public static final String COUPONS_SHARED = "couponsShared";
    /** Entries in both participants' journals (effects-once). */
    public static final String EFFECTS = "effects";
    /** Journal entries that repeat or contradict an earlier one for the same purchase (effects-once). */
    public static final String EFFECTS_REPEATED = "effectsRepeated";
    /** XA branches still prepared (in-doubt-resolved). */
    public static final String IN_DOUBT = "inDoubt";
    /** TCC transactions not done (in-doubt-resolved). */
    public static final String TCC_UNDECIDED = "tccUndecided";
    /** Outbox rows not sent (in-doubt-resolved). */
    public static final String OUTBOX_UNSENT = "outboxUnsent";
    /** Half messages not decided (in-doubt-resolved). */
    public static final String HALF_UNDECIDED = "halfUndecided";
    /** Inconsistency window, median, ms ({@link InconsistencyWindow}). */
    public static final String WINDOW_P50_MS = "windowP50Ms";
    /** ... 99th percentile. */
    public static final String WINDOW_P99_MS = "windowP99Ms";
    /** ... at worst. */
    public static final String WINDOW_MAX_MS = "windowMaxMs";
    /** Purchases the window was measured over (those with at least one participant effect). */
    public static final String WINDOW_COUNT = "windowCount";

    private DtxFigures() {
    }
}
