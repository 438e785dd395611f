package shoplab.services.trade;

import java.util.Locale;

/**
 * How the trade service keeps a duplicate payment notice (and a double click on pay) from acting twice:
 * the three ways of the architecture note's "Trade consistency: duplicate payment".
 */
public enum Guard {
    /** Select, check the status in Java, update, ship; no transaction, no unique key. Deliberately unsafe. */
    NAIVE,
    /** {@code SELECT ... FOR UPDATE} in a transaction, plus the unique key on (channel, provider trade no). */
    PESSIMISTIC,
    /** {@code UPDATE ... WHERE status = <initial>}, affected rows decide; plus the same unique key. */
    OPTIMISTIC;

    public static Guard parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown payment guard '" + name + "': naive, pessimistic or optimistic");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
