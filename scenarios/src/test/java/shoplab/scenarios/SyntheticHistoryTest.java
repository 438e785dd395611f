package shoplab.scenarios;

import org.junit.jupiter.api.Test;
import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;
import shoplab.run.CheckerBenchmark;
import shoplab.run.Scenario;
import shoplab.run.Scenarios;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated histories the checker benchmark times are correct runs: every checker holds on them (a
 * checker that cried wolf at scale would show here), and they have the size asked for.
 */
class SyntheticHistoryTest {

    @Test
    void everyCheckerHoldsOnEveryScenariosGeneratedHistory() {
        List<Scenario> withHistory = Scenarios.all().stream().filter(s -> s.syntheticHistory(10, 1).isPresent()).toList();
        assertThat(withHistory).extracting(Scenario::name).contains("flash-sale", "duplicate-payment");
        for (Scenario s : withHistory) {
            CheckInput input = s.syntheticHistory(20_000, 3).orElseThrow();
            assertThat(input.ops().size()).as(s.name()).isBetween(20_000, 20_003);
            for (Checker c : s.checkers()) {
                Verdict v = c.check(input);
                assertThat(v.valid()).as(s.name() + " " + c.name() + ": " + v.examples()).isTrue();
            }
        }
    }

    @Test
    void theBenchmarkTimesEveryCheckerOfEveryScenario() {
        List<CheckerBenchmark.ScenarioTimings> t = CheckerBenchmark.run(Scenarios.all(), 5_000, 1, line -> { });
        assertThat(t).extracting(CheckerBenchmark.ScenarioTimings::scenario).contains("flash-sale", "duplicate-payment");
        assertThat(t).allSatisfy(s -> assertThat(s.checkers()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.held()).as(c.checker()).isTrue()));
    }
}
