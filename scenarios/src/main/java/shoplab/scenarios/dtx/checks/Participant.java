package shoplab.scenarios.dtx.checks;

import java.util.List;

/**
 * One participant's rows: its items (initial and free units), its holds, its effect journal. Lists missing
 * from the JSON read as empty.
 *
 * @param name    "stock" or "coupon", as the examples name it
 * @param items   what it holds units of
 * @param holds   one row per purchase that reached it
 * @param effects every applied change, in the order applied
 */
public record Participant(String name, List<Item> items, List<Hold> holds, List<Effect> effects) {

    public Participant {
        items = items == null ? List.of() : List.copyOf(items);
        holds = holds == null ? List.of() : List.copyOf(holds);
        effects = effects == null ? List.of() : List.copyOf(effects);
    }

    /** A participant with no rows at all. */
    public static Participant empty(String name) {
        return new Participant(name, List.of(), List.of(), List.of());
    }
}
