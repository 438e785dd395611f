package shoplab.ui.view;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.StringConverter;
import shoplab.ui.model.ConsoleModel;
import shoplab.ui.model.ReportsModel;
import shoplab.ui.model.RunModel;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The console's one window: a tool bar (topology, Run, Stop, status), the scenario form and run history
 * on the left, the topology diagram above the live timeline in the middle, the verdicts on the right.
 */
public final class ConsoleWindow {

    private final ConsoleModel model;
    private final Consumer<Path> open;
    private TimelineView timeline;

    /** @param open shows a file or folder in the desktop's own application (browser, file manager) */
    public ConsoleWindow(ConsoleModel model, Consumer<Path> open) {
        this.model = model;
        this.open = open;
    }

    public Scene scene() {
        BorderPane root = new BorderPane();
        root.setTop(toolBar());
        root.setLeft(leftSide());
        timeline = new TimelineView(model.shownProperty());
        ScrollPane diagram = new ScrollPane(new TopologyView(model.topology(), model.run()));
        diagram.setFitToWidth(true);
        SplitPane center = new SplitPane(diagram, timeline);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.37);
        root.setCenter(center);
        VerdictsView verdicts = new VerdictsView(model.shownProperty(), open);
        verdicts.getStyleClass().add("sidebar-right");
        verdicts.setPrefWidth(390);
        root.setRight(verdicts);
        root.setBottom(messages());
        Scene scene = new Scene(root, 1600, 1000);
        scene.getStylesheets().add(ConsoleWindow.class.getResource("/shoplab/ui/console.css").toExternalForm());
        return scene;
    }

    public void show(Stage stage) {
        stage.setTitle("ShopLab console");
        stage.setScene(scene());
        stage.show();
    }

    private ToolBar toolBar() {
        ComboBox<Path> topologies = new ComboBox<>(model.topology().files());
        topologies.setId("topologyChoice");
        topologies.setConverter(new StringConverter<>() {
            @Override
            public String toString(Path p) {
                return p == null ? "" : p.getFileName().toString();
            }

            @Override
            public Path fromString(String s) {
                return null;
            }
        });
        model.topology().loadedProperty().addListener((o, was, now) -> topologies.setValue(now == null ? null : now.file()));
        if (model.topology().loaded() != null) {
            topologies.setValue(model.topology().loaded().file());
        }
        topologies.setOnAction(e -> {
            Path p = topologies.getValue();
            if (p != null && (model.topology().loaded() == null || !p.equals(model.topology().loaded().file()))) {
                model.topology().open(p);
            }
        });
        Button openFile = new Button("Open\u2026");
        openFile.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open a topology");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Topology (YAML)", "*.yaml", "*.yml"));
            var file = chooser.showOpenDialog(openFile.getScene().getWindow());
            if (file != null) {
                model.topology().open(file.toPath());
            }
        });
        RunModel run = model.run();
        var active = Bindings.createBooleanBinding(() -> run.stateProperty().get().active(), run.stateProperty());
        topologies.disableProperty().bind(active);
        openFile.disableProperty().bind(active);

        Button start = new Button("\u25b6 Run");
        start.setId("runButton");
        start.getStyleClass().add("run-button");
        start.disableProperty().bind(active.or(model.form().validProperty().not()));
        start.setOnAction(e -> model.startRun());
        Button stop = new Button("\u25a0 Stop");
        stop.setId("stopButton");
        stop.getStyleClass().add("stop-button");
        stop.disableProperty().bind(run.stateProperty().isNotEqualTo(RunModel.State.RUNNING));
        stop.setOnAction(e -> run.stop());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(active);
        Label status = new Label();
        status.setId("status");
        status.getStyleClass().add("status");
        status.textProperty().bind(run.statusProperty());
        return new ToolBar(new Label("Topology:"), topologies, openFile, new Separator(), start, stop,
                new Separator(), busy, status);
    }

    private VBox leftSide() {
        ScenarioPanel scenario = new ScenarioPanel(model.form());
        scenario.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.run().stateProperty().get().active(), model.run().stateProperty()));
        ListView<ReportsModel.Entry> history = new ListView<>(model.reports().entries());
        history.setId("historyList");
        history.setPlaceholder(new Label("No runs in reports/ yet."));
        // while a run goes on the timeline is its; past runs can be opened again once it ended
        history.disableProperty().bind(scenario.disableProperty());
        history.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.openReport(now);
            }
        });
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> model.reports().refresh());
        VBox historyBox = new VBox(4, ScenarioPanel.title("Run history (reports/)"), history, refresh);
        historyBox.setPadding(new Insets(0, 8, 8, 8));
        VBox.setVgrow(history, Priority.ALWAYS);
        VBox.setVgrow(historyBox, Priority.ALWAYS);
        ScrollPane form = new ScrollPane(scenario);
        form.setFitToWidth(true);
        form.setPrefViewportHeight(520);
        VBox left = new VBox(form, historyBox);
        left.getStyleClass().add("sidebar");
        left.setPrefWidth(300);
        return left;
    }

    private VBox messages() {
        Label topologyError = errorLine(model.topology().errorProperty());
        topologyError.setId("topologyError");
        Label formMessage = errorLine(model.messageProperty());
        formMessage.setId("message");
        Label reportsError = errorLine(model.reports().errorProperty());
        VBox box = new VBox(topologyError, formMessage, reportsError);
        box.setPadding(new Insets(0, 8, 0, 8));
        return box;
    }

    private static Label errorLine(javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.getStyleClass().add("error");
        l.textProperty().bind(text);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }

    /** The timeline (tests read its charts). */
    public org.jfree.chart.JFreeChart chart(String id) {
        return timeline.chart(id);
    }
}
