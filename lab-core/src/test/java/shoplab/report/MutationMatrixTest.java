package shoplab.report;

import org.junit.jupiter.api.Test;
import shoplab.checks.Verdict;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MutationMatrixTest {

    private static StrategyResult judged(String name, Verdict... checks) {
        return new StrategyResult(name, true, 10, 1, 5, 1, 2, 3, 0, Map.of(), List.of(checks));
    }

    private static Verdict ok(String name) {
        return new Verdict(name, true, 0, List.of(), Map.of());
    }

    private static Verdict caught(String name, long n) {
        return new Verdict(name, false, n, List.of("example"), Map.of());
    }

    @Test
    void aMutantNoCheckerCatchesIsASurvivorUnlessItIsEquivalent() {
        RunResults results = new RunResults("s", "t", 1, Map.of(), false, List.of(
                judged("a-without-x", caught("no-oversell", 3), ok("per-user")),
                judged("a-without-y", ok("no-oversell"), ok("per-user")),
                judged("a-without-z", ok("no-oversell"), ok("per-user"))));
        MutationMatrix m = MutationMatrix.of(results, List.of(
                new MutationMatrix.Mutant("a-without-x", "x stops oversell", null),
                new MutationMatrix.Mutant("a-without-y", "y stops <double> sales", null),
                new MutationMatrix.Mutant("a-without-z", "z backs x", "x already stops it"),
                new MutationMatrix.Mutant("a-without-w", "w never ran", null)));

        assertThat(m.checkers()).containsExactly("no-oversell", "per-user");
        assertThat(m.rows()).extracting(MutationMatrix.Row::verdict).containsExactly("killed", "SURVIVED", "equivalent", "NOT RUN");
        assertThat(m.rows().get(0).killers()).containsExactly("no-oversell");
        assertThat(m.survivors()).containsExactly("a-without-y", "a-without-w");
        assertThat(m.text()).contains("a-without-x").contains("3").contains("c1 no-oversell")
                .contains("a-without-z is equivalent: x already stops it");
        assertThat(m.html("t")).contains("y stops &lt;double&gt; sales").contains("SURVIVED").contains("equivalent: x already stops it")
                .doesNotContain("<double>");
    }
}
