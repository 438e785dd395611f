package shoplab.scenarios.dtx.checks;

/**
 * A participant's row for one purchase: state HELD (reserved), TAKEN (confirmed), RETURNED (cancelled after a
 * reserve), or VOID (a cancel that came before any reserve: a tombstone holding no unit; key may be null).
 *
 * @param purchaseId the purchase it is for
 * @param key        the item it holds a unit of (SKU or coupon code); may be null when VOID
 * @param state      {@link #HELD}, {@link #TAKEN}, {@link #RETURNED} or {@link #VOID}
 */
public record Hold(String purchaseId, String key, String state) {

    public static final String HELD = "HELD";
    public static final String TAKEN = "TAKEN";
    public static final String RETURNED = "RETURNED";
    public static final String VOID = "VOID";

    /** Whether it keeps a unit away from the free ones (HELD or TAKEN). */
    public boolean holdsUnit() {
        return HELD.equals(state) || TAKEN.equals(state);
    }
}
