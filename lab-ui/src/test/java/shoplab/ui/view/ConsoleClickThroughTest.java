package shoplab.ui.view;

import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import shoplab.report.RunBundle;
import shoplab.ui.model.ConsoleModel;
import shoplab.ui.model.Health;
import shoplab.ui.model.RunModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the console as a person would, headless (Monocle): the topology is loaded, a bad parameter
 * blocks the run, a short flash sale runs on the real stack while Redis is killed and restarted from
 * the topology view, the charts receive points with the fault shaded, the verdicts appear, and the run
 * comes back from the history without running anything.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleClickThroughTest {

    @TempDir
    static Path reports;

    private ConsoleModel model;
    private ConsoleWindow window;
    private final List<Path> opened = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        model = new ConsoleModel(Platform::runLater, Path.of("..", "topologies").toAbsolutePath().normalize(), reports);
        window = new ConsoleWindow(model, opened::add);
        window.show(stage);
    }

    @AfterEach
    void shutdown() {
        model.shutdown();
    }

    /** Scrolls the scroll pane that holds {@code query}'s node to {@code vvalue} (0 top, 1 bottom). */
    static void scrollTo(FxRobot robot, String query, double vvalue) {
        javafx.scene.Node node = robot.lookup(query).query();
        robot.interact(() -> {
            for (javafx.scene.Node p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane pane) {
                    pane.setVvalue(vvalue);
                    return;
                }
            }
        });
    }

    @Test
    void runAFlashSaleKillRedisByHandAndReadTheVerdicts(FxRobot robot) throws Exception {
        Button run = robot.lookup("#runButton").queryButton();
        assertThat(run.isDisabled()).isFalse();
        assertThat(model.topology().loaded().topology().name()).isEqualTo("single-dc");

        // a bad value is named and blocks the run
        robot.doubleClickOn("#param-users").write("many");
        assertThat(robot.lookup("#error-users").queryAs(Label.class).getText()).contains("users");
        assertThat(run.isDisabled()).isTrue();
        robot.doubleClickOn("#param-users").write("400");
        robot.doubleClickOn("#param-rampMs").write("8000");
        robot.doubleClickOn("#param-holdMinutes").write("1");
        assertThat(run.isDisabled()).isFalse();
        scrollTo(robot, "#strategy-naive", 1.0); // the strategies come after the parameters: scroll down, as a person would
        for (String s : List.of("naive", "db-pessimistic", "db-optimistic", "redis-mq")) {
            robot.clickOn("#strategy-" + s);
            assertThat(robot.lookup("#strategy-" + s).queryAs(CheckBox.class).isSelected()).isFalse();
        }

        robot.clickOn(run);
        await("the stack is up", 90, () -> model.run().canInjectFaults());

        // Kill Redis from the topology view, see it down, restart it
        robot.clickOn("#node-redis");
        robot.clickOn("Kill redis");
        await("redis shows down", 10, () -> model.topology().node("redis").healthProperty().get() == Health.DOWN);
        robot.clickOn("#node-redis");
        robot.clickOn("Restart redis");
        await("redis shows up again", 15, () -> model.topology().node("redis").healthProperty().get() == Health.UP);

        await("the charts receive points", 60, () -> points(window.chart("chart-throughput")) > 0
                && points(window.chart("chart-stock")) > 0);
        TableView<?> table = robot.lookup("#verdictsTable").queryTableView();
        await("the verdict appears", 120, () -> !table.getItems().isEmpty());
        await("the run ends", 30, () -> model.run().stateProperty().get() == RunModel.State.FINISHED);

        // the fault is on the timeline and in the bundle, like a scripted one
        JFreeChart throughput = window.chart("chart-throughput");
        assertThat(throughput.getXYPlot().getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND)).isNotEmpty();
        Path bundle = model.shownProperty().get().bundleDirProperty().get();
        assertThat(Files.readString(bundle.resolve("strategies/redis-lua/faults.jsonl"))).contains("kill", "redis");
        assertThat(robot.lookup("#verdict-redis-lua-no-oversell").tryQuery()).isPresent();
        assertThat(points(window.chart("chart-violations"))).isPositive();

        robot.clickOn("#openReport");
        assertThat(opened).containsExactly(bundle.resolve(RunBundle.INDEX_HTML));

        // the run history lists it; selecting it shows it without running anything
        ListView<?> history = robot.lookup("#historyList").queryListView();
        await("the run is listed", 10, () -> history.getItems().size() == 1);
        var live = model.shownProperty().get();
        robot.interact(() -> history.getSelectionModel().select(0)); // what a click on the entry does
        await("the past run is shown", 20, () -> model.shownProperty().get() != live);
        await("its charts are drawn", 10, () -> points(window.chart("chart-throughput")) > 0);
        assertThat(model.shownProperty().get().results()).hasSize(1);
        assertThat(robot.lookup("#param-users").queryAs(TextField.class).getText()).isEqualTo("400");
    }

    private static int points(JFreeChart chart) {
        if (chart == null) {
            return 0;
        }
        XYDataset d = chart.getXYPlot().getDataset();
        int n = 0;
        for (int s = 0; d != null && s < d.getSeriesCount(); s++) {
            n += d.getItemCount(s);
        }
        return n;
    }

    private static void await(String what, long seconds, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.call();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting until " + what, e);
        }
    }
}
