package shoplab.ui.model;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import shoplab.report.Presentation;
import shoplab.report.StrategyResult;
import shoplab.report.Timeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the timeline and the verdicts show: one run, live or read back from its bundle, with its scenario's
 * {@link Presentation} (which charts and figure columns to draw). Each strategy has a {@link Timeline} (the report's own model, so the console and the HTML draw the same figures);
 * {@link #revisionProperty()} ticks when the charts should redraw.
 */
public final class RunDisplay {

    /** The chart selection that overlays every strategy. */
    public static final String ALL = "all strategies";

    private final StringProperty title = new SimpleStringProperty();
    private final String measured;
    private final Presentation presentation;
    private final Map<String, Timeline> timelines = new LinkedHashMap<>();
    private final ObservableList<String> strategies = FXCollections.observableArrayList();
    private final StringProperty shown = new SimpleStringProperty();
    private final IntegerProperty revision = new SimpleIntegerProperty();
    private final ObservableList<StrategyResult> results = FXCollections.observableArrayList();
    private final ObjectProperty<Path> bundleDir = new SimpleObjectProperty<>();

    /**
     * @param measured     the scenario's measured operation, counted and timed on the timelines
     * @param presentation the scenario's charts and figure columns (from the scenario, or the bundle's run.json)
     */
    public RunDisplay(String title, String measured, Presentation presentation) {
        this.title.set(title);
        this.measured = measured;
        this.presentation = presentation;
    }

    public Presentation presentation() {
        return presentation;
    }

    /**
     * The timeline of a strategy, created on first use. Safe from any thread (the run's thread creates
     * timelines; the FX thread lists them); the strategies list itself changes on the UI thread only.
     */
    public synchronized Timeline timeline(String strategy) {
        return timelines.computeIfAbsent(strategy, k -> new Timeline(measured));
    }

    /** The timelines to draw for a selection: one strategy's, or all of them for {@link #ALL}. */
    public synchronized Map<String, Timeline> timelines(String selection) {
        if (selection == null || ALL.equals(selection)) {
            return new LinkedHashMap<>(timelines);
        }
        Timeline t = timelines.get(selection);
        return t == null ? Map.of() : Map.of(selection, t);
    }

    /** Adds a strategy to the selector (UI thread), and shows it: the console follows the running one. */
    void addStrategy(String strategy) {
        timeline(strategy);
        if (!strategies.contains(strategy)) {
            strategies.add(strategy);
        }
        shown.set(strategy);
        redraw();
    }

    void redraw() {
        revision.set(revision.get() + 1);
    }

    public StringProperty titleProperty() {
        return title;
    }

    public ObservableList<String> strategies() {
        return strategies;
    }

    /** A strategy's name, or {@link #ALL}. */
    public StringProperty shownProperty() {
        return shown;
    }

    public IntegerProperty revisionProperty() {
        return revision;
    }

    public ObservableList<StrategyResult> results() {
        return results;
    }

    public ObjectProperty<Path> bundleDirProperty() {
        return bundleDir;
    }
}
