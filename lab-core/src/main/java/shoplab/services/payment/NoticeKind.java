package shoplab.services.payment;

/** Why a notice delivery happened; each one is a row in the provider's notice log. */
public enum NoticeKind {
    /** The notice of a payment's outcome, retried until acknowledged. */
    GENUINE,
    /** The genuine notice, held back by the storm so it arrives late (after the order timed out). */
    LATE,
    /** The same notice again, after the first delivery: the merchant must process it once. */
    DUPLICATE,
    /** Copies of the same notice fired together over several connections. */
    CONCURRENT,
    /** An older, genuinely signed FAIL notice delivered after the SUCCESS: it must not undo the payment. */
    STALE,
    /** Not from the provider's key: a SUCCESS that must be refused. */
    FORGED
}
