package shoplab.scenarios.payment.checks;

/**
 * The names of the duplicate-payment figures: the keys its checkers put in their verdicts and its scenario
 * reads back into results.json, one constant for both so that neither can drift from the other.
 */
public final class PaymentFigures {

    /** Charges beyond the first still standing for an order (charged-at-most-once). */
    public static final String DOUBLE_CHARGES = "doubleCharges";
    /** Hand-overs to shipping beyond the first (shipped-at-most-once). */
    public static final String DOUBLE_SHIPMENTS = "doubleShipments";
    /** Units the sales counter is off by, over every SKU (sales-counted-once). */
    public static final String SALES_MISCOUNTED = "salesMiscounted";
    /** Charges for closed orders that were not refunded (paid-after-close-refunded). */
    public static final String PAID_AFTER_CLOSE_NOT_REFUNDED = "paidAfterCloseNotRefunded";
    /** Charges for no payment order of the shop that were not refunded (charges-reconciled). */
    public static final String UNRECONCILED_CHARGES = "unreconciledCharges";
    /** Forged notices the trade service accepted (no-forged-accepted). */
    public static final String FORGED_ACCEPTED = "forgedAccepted";
    /** Order status moves the state machine forbids (no-illegal-transition). */
    public static final String ILLEGAL_TRANSITIONS = "illegalTransitions";
    /** Closed or cancelled orders whose units were not given back (restored-on-failure). */
    public static final String STOCK_NOT_RESTORED = "stockNotRestored";
    /** ... whose coupon was not given back (restored-on-failure). */
    public static final String COUPON_NOT_RESTORED = "couponNotRestored";
    /** Orders the timeout job closed: from the final state, not a checker. */
    public static final String TIMEOUT_CLOSES = "timeoutCloses";
    /** How late after its deadline the timeout job closed an order, 99th percentile, real ms. */
    public static final String TIMEOUT_CLOSE_P99_MS = "timeoutCloseP99Ms";
    /** ... and at worst. */
    public static final String TIMEOUT_CLOSE_MAX_MS = "timeoutCloseMaxMs";

    private PaymentFigures() {
    }
}
