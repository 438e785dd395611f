package shoplab.services.common;

import java.util.Objects;
import java.util.Set;

/**
 * Which safeguards of a strategy are in place: all of them, or all but the one a mutant removes
 * ({@code shoplab mutate}). A strategy asks {@link #on} at each safeguard; the lab switches a mutant on by
 * its name in the mechanism's descriptor, never by editing the strategy.
 */
public record Safeguards(String removed) {

    /** Every safeguard in place: what a strategy runs with unless it is a mutant. */
    public static final Safeguards ALL = new Safeguards(null);

    public boolean on(String safeguard) {
        return !Objects.equals(removed, safeguard);
    }

    /** Refuses a removal the strategy does not have, so a mutant cannot silently run as the safe strategy. */
    public Safeguards requireKnown(String strategy, Set<String> known) {
        if (removed != null && !known.contains(removed)) {
            throw new IllegalArgumentException(strategy + " has no safeguard '" + removed + "' (it has: "
                    + String.join(", ", new java.util.TreeSet<>(known)) + ")");
        }
        return this;
    }
}
