package shoplab.checks;

import java.util.List;
import java.util.Map;

/**
 * A checker's judgement: valid or not, how many violations, the first counterexamples in business
 * terms, and the figures it measured on the way (e.g. {@code oversold}, {@code convergenceMs}).
 */
public record Verdict(String name, boolean valid, long violations, List<String> examples,
                      Map<String, Double> figures) {

    /** At most this many counterexamples are kept. */
    public static final int MAX_EXAMPLES = 5;

    public Verdict {
        examples = List.copyOf(examples.size() > MAX_EXAMPLES ? examples.subList(0, MAX_EXAMPLES) : examples);
        figures = Map.copyOf(figures);
    }

    public static Verdict ok(String name, Map<String, Double> figures) {
        return new Verdict(name, true, 0, List.of(), figures);
    }

    /** The figure {@code name} as the first verdict that measured it says, or null when none did. */
    public static Double figure(List<Verdict> verdicts, String name) {
        return verdicts.stream().filter(v -> v.figures().containsKey(name)).map(v -> v.figures().get(name))
                .findFirst().orElse(null);
    }
}
