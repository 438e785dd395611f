package shoplab.history;

/** How an operation ended, as the client saw it (Jepsen's ok / fail / info). */
public enum Outcome {
    /** The system acknowledged the operation: it happened. */
    OK,
    /** The system refused the operation definitely: it did not happen (sold out, limit reached). */
    FAIL,
    /** No definite answer (timeout, 5xx, connection reset): it may or may not have happened. */
    UNKNOWN
}
