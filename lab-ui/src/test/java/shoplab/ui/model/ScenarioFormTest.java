package shoplab.ui.model;

import org.junit.jupiter.api.Test;
import shoplab.run.Scenarios;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioFormTest {

    private final ScenarioForm form = new ScenarioForm(Scenarios.all().stream()
            .filter(s -> s.name().equals("flash-sale")).toList());

    @Test
    void theDefaultsMakeARunnableFormThatComparesEveryStrategy() {
        assertThat(form.problems()).isEmpty();
        assertThat(form.validProperty().get()).isTrue();
        assertThat(form.fields()).extracting(f -> f.parameter().name()).contains("users", "stock", "rampMs");
        assertThat(form.selectedStrategies()).containsExactly("naive", "db-pessimistic", "db-optimistic", "redis-lua", "redis-mq");
        assertThat(form.params().getInt("users")).isEqualTo(2000);
    }

    @Test
    void aBadValueNamesTheParameterAndBlocksTheRunUntilFixed() {
        form.set("users", "lots");
        assertThat(form.validProperty().get()).isFalse();
        assertThat(form.problems()).containsExactly("users: 'lots' is not a whole number");

        form.set("rampMs", "10");
        assertThat(form.problems()).contains("rampMs: 10 is out of range 1000..600000");

        form.set("users", "300");
        form.set("rampMs", "2000");
        assertThat(form.validProperty().get()).isTrue();
        assertThat(form.params().getInt("users")).isEqualTo(300);
    }

    @Test
    void noStrategyOrABadSeedIsAProblem() {
        form.choose(List.of());
        assertThat(form.problems()).containsExactly("tick at least one strategy");
        form.choose(List.of("redis-lua"));
        form.seedProperty().set("x1");
        assertThat(form.problems()).containsExactly("seed: 'x1' is not a whole number");
        form.seedProperty().set("42");
        assertThat(form.validProperty().get()).isTrue();
        assertThat(form.seedValue()).isEqualTo(42);
        assertThat(form.selectedStrategies()).containsExactly("redis-lua");
    }
}
