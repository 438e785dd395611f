package shoplab.scenarios.dtx.checks;

/**
 * What is still undecided at the end.
 *
 * @param inDoubt       XA branches prepared in a database, neither committed nor rolled back
 * @param tccUndecided  TCC transactions neither confirmed nor cancelled everywhere
 * @param outboxUnsent  outbox rows not yet sent
 * @param halfUndecided half messages neither committed nor rolled back
 */
public record Pending(long inDoubt, long tccUndecided, long outboxUnsent, long halfUndecided) {

    /** Nothing undecided. */
    public static final Pending NONE = new Pending(0, 0, 0, 0);
}
