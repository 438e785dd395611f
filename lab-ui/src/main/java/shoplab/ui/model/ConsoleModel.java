package shoplab.ui.model;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import shoplab.run.LabHome;
import shoplab.run.RunRequest;
import shoplab.run.Scenarios;

import shoplab.topology.TopologyFile;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The console's whole state, without a single control: the topology, the scenario form, the run, the
 * run history, and which run the timeline and verdicts show (the live one, or one from the history).
 * Views bind to it; tests drive it directly.
 */
public final class ConsoleModel {

    private final TopologyModel topology = new TopologyModel();
    private final ScenarioForm form;
    private final RunModel run;
    private final ReportsModel reports;
    private final ObjectProperty<RunDisplay> shown = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "console-reports");
        t.setDaemon(true);
        return t;
    });
    private final Path reportsRoot;

    /**
     * @param topologies the folder whose topology files are offered
     * @param reportsRoot where runs write their bundles, and the run history reads them
     */
    public ConsoleModel(UiThread ui, Path topologies, Path reportsRoot) {
        this.reportsRoot = reportsRoot;
        this.form = new ScenarioForm(Scenarios.all());
        this.reports = new ReportsModel(ui, background, reportsRoot);
        this.run = new RunModel(ui, topology, d -> reports.refresh());
        topology.scan(topologies);
        reports.refresh();
    }

    /**
     * Starts a run of the form's scenario on the loaded topology, every ticked strategy on a fresh stack;
     * returns false (and says why in {@link #messageProperty()}) when the form or topology is not valid.
     */
    public boolean startRun() {
        List<String> problems = form.problems();
        TopologyFile t = topology.loaded();
        if (t == null) {
            message.set("Open a topology first.");
            return false;
        }
        if (!problems.isEmpty()) {
            message.set("Cannot start: " + String.join("; ", problems));
            return false;
        }
        if (run.stateProperty().get().active()) {
            message.set("A run is already going on.");
            return false;
        }
        var scenario = form.scenarioProperty().get();
        RunRequest request;
        try {
            request = new RunRequest(scenario, t.file(), t.yaml(), t.topology(), form.selectedStrategies(),
                    form.params(), form.seedValue(), LabHome.newBundleDir(reportsRoot, scenario.name()),
                    scenario.plannedFaults(form.params()));
        } catch (IllegalArgumentException e) {
            message.set("Cannot start: " + e.getMessage());
            return false;
        }
        message.set("");
        shown.set(run.start(request));
        return true;
    }

    /** Shows a past run from the history (not while a run is going on: the live timeline stays). */
    public void openReport(ReportsModel.Entry entry) {
        reports.open(entry, shown::set);
    }

    public void shutdown() {
        run.shutdown();
        background.shutdownNow();
    }

    public TopologyModel topology() {
        return topology;
    }

    public ScenarioForm form() {
        return form;
    }

    public RunModel run() {
        return run;
    }

    public ReportsModel reports() {
        return reports;
    }

    /** The run the timeline and verdicts show. */
    public ObjectProperty<RunDisplay> shownProperty() {
        return shown;
    }

    /** Why the last action did not happen, or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
