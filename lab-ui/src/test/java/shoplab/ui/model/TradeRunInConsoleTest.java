package shoplab.ui.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.history.Sample;
import shoplab.report.ChartSpec;
import shoplab.report.FigureColumn;
import shoplab.report.Timeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The duplicate-payment scenario through the console's model on the real stack: its parameters make the
 * form, its guards the strategies, and its timeline carries the callback storm, live and read back from
 * the bundle.
 */
class TradeRunInConsoleTest {

    @Test
    void theScenarioFormsItsParametersAndTheTimelineShowsTheCallbackStorm(@TempDir Path reports) throws Exception {
        ConsoleModel model = new ConsoleModel(UiThread.DIRECT, TopologyModelTest.TOPOLOGIES, reports);
        try {
            ScenarioForm form = model.form();
            form.scenarioProperty().set(form.scenarios().stream().filter(s -> s.name().equals("duplicate-payment"))
                    .findFirst().orElseThrow());
            assertThat(form.fields()).extracting(f -> f.parameter().name())
                    .contains("doubleClickShare", "forgedRate", "orderTimeoutMinutes");
            assertThat(form.strategies()).extracting(StrategyChoice::name).containsExactly("naive", "pessimistic", "optimistic");
            assertThat(form.strategies()).filteredOn(StrategyChoice::unsafe).extracting(StrategyChoice::name)
                    .containsExactly("naive");

            form.choose(List.of("optimistic"));
            form.set("users", "60");
            form.set("rampMs", "1000");
            assertThat(model.startRun()).as(model.messageProperty().get()).isTrue();
            RunDisplay live = model.shownProperty().get();
            StopRunTest.await(Duration.ofSeconds(150), () -> !model.run().stateProperty().get().active());
            assertThat(model.run().stateProperty().get()).as(model.run().statusProperty().get())
                    .isEqualTo(RunModel.State.FINISHED);

            Timeline t = live.timeline("optimistic");
            assertThat(t.sampled(Sample.NOTICES_PER_SECOND)).as("the storm, live").anyMatch(p -> p.y() > 0);
            assertThat(live.presentation().charts()).extracting(ChartSpec::title).anyMatch(c -> c.contains("callback storm"));
            assertThat(live.presentation().columns()).extracting(FigureColumn::figure).doesNotContain("oversold");
            assertThat(live.results()).singleElement().satisfies(r -> assertThat(r.allValid()).isTrue());

            RunDisplay readBack = ReportsModel.read(live.bundleDirProperty().get());
            assertThat(readBack.presentation()).as("the bundle's run.json carries the scenario's presentation")
                    .isEqualTo(live.presentation());
            assertThat(readBack.timeline("optimistic").sampled(Sample.NOTICES_PER_SECOND)).as("the storm, from the bundle")
                    .isEqualTo(t.sampled(Sample.NOTICES_PER_SECOND));
        } finally {
            model.shutdown();
        }
    }
}
