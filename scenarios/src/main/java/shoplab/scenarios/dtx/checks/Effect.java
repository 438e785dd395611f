package shoplab.scenarios.dtx.checks;

/**
 * Every applied change, in the same local transaction as the change: op reserve | confirm | cancel | take
 * (reserve+confirm at once, 2pc) | void (tombstone).
 *
 * @param purchaseId the purchase it was for
 * @param op         {@link #RESERVE}, {@link #CONFIRM}, {@link #CANCEL}, {@link #TAKE} or {@link #VOID}
 * @param atMs       wall clock ms
 */
public record Effect(String purchaseId, String op, long atMs) {

    public static final String RESERVE = "reserve";
    public static final String CONFIRM = "confirm";
    public static final String CANCEL = "cancel";
    public static final String TAKE = "take";
    public static final String VOID = "void";
}
