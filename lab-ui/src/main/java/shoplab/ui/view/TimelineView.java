package shoplab.ui.view;

import javafx.beans.InvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import shoplab.report.ChartSpec;
import shoplab.report.Charts;
import shoplab.report.Presentation;
import shoplab.report.Timeline;
import shoplab.ui.model.RunDisplay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One live timeline: throughput, latency, the scenario's charts (stock and queue lag, orders and the
 * callback storm...) and violations found so far, on the same time axis, fault windows shaded on every
 * chart. Shows one strategy, or all of them overlaid. Redraws when the shown run's revision ticks (twice
 * a second during a run) from the report's own chart builders and the scenario's {@link ChartSpec}s.
 */
final class TimelineView extends VBox {

    /** A chart slot: its id, and how it draws one timeline or several overlaid. */
    private record Slot(String id, Function<Timeline, JFreeChart> one, Function<Map<String, Timeline>, JFreeChart> all) {
    }

    /** The charts of a run: the shared ones around the scenario's, as the HTML report orders them. */
    private static List<Slot> slots(Presentation presentation) {
        List<Slot> slots = new ArrayList<>();
        slots.add(new Slot("chart-throughput", Charts::throughputChart, Charts::throughputOverlay));
        slots.add(new Slot("chart-latency", Charts::latencyChart, Charts::latencyOverlay));
        if (presentation.ladder()) {
            slots.add(new Slot("chart-ladder", Charts::ladderChart, Charts::failedShareOverlay));
            slots.add(new Slot("chart-goodput", Charts::goodputChart, Charts::goodputOverlay));
        }
        for (ChartSpec c : presentation.charts()) {
            slots.add(new Slot("chart-" + c.id(), t -> Charts.chart(t, c), all -> Charts.overlay(all, c)));
        }
        slots.add(new Slot("chart-violations", Charts::violationsChart, Charts::violationsOverlay));
        return slots;
    }

    private final ChoiceBox<String> selector = new ChoiceBox<>();
    private final ObservableList<String> choices = FXCollections.observableArrayList();
    private final Label title = new Label("No run yet: pick a scenario and press Run, or open a past run.");
    private final GridPane grid = new GridPane();
    private List<Slot> slots = List.of();
    private final List<ChartViewer> viewers = new ArrayList<>();
    /** The strategies that have ended, side by side: attempts per second. */
    private final ChartViewer comparison = new ChartViewer(Charts.attemptsChart(List.of()));
    private final InvalidationListener redraw = o -> redraw();
    private final ListChangeListener<String> strategiesChanged = c -> syncChoices();
    private RunDisplay display;

    TimelineView(ObjectProperty<RunDisplay> shown) {
        super(4);
        setPadding(new Insets(6));
        selector.setId("timelineSelector");
        selector.setItems(choices);
        title.getStyleClass().add("panel-title");
        HBox header = new HBox(10, title, new Label("show:"), selector);
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        grid.setHgap(4);
        grid.setVgap(4);
        for (int c = 0; c < 2; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(50);
            grid.getColumnConstraints().add(cc);
        }
        comparison.setId("chart-comparison");
        comparison.setMinSize(200, 120);
        layOut(Presentation.NONE);
        VBox.setVgrow(grid, Priority.ALWAYS);
        getChildren().addAll(header, grid);

        selector.valueProperty().addListener((o, was, now) -> {
            if (display != null && now != null) {
                display.shownProperty().set(now);
            }
        });
        shown.addListener((o, was, now) -> show(now));
        show(shown.get());
    }

    private void show(RunDisplay d) {
        if (display != null) {
            display.revisionProperty().removeListener(redraw);
            display.shownProperty().removeListener(redraw);
            display.strategies().removeListener(strategiesChanged);
        }
        display = d;
        comparison.setVisible(d != null);
        if (d == null) {
            return;
        }
        layOut(d.presentation());
        title.textProperty().bind(d.titleProperty());
        d.revisionProperty().addListener(redraw);
        d.shownProperty().addListener(redraw);
        d.strategies().addListener(strategiesChanged);
        syncChoices();
        redraw();
    }

    /** One viewer per chart of the run, two to a row, the strategies' comparison last. */
    private void layOut(Presentation presentation) {
        slots = slots(presentation);
        viewers.clear();
        grid.getChildren().clear();
        grid.getRowConstraints().clear();
        for (int i = 0; i < slots.size(); i++) {
            ChartViewer v = new ChartViewer(null);
            v.setId(slots.get(i).id());
            v.setMinSize(200, 120);
            viewers.add(v);
            grid.add(v, i % 2, i / 2);
        }
        grid.add(comparison, slots.size() % 2, slots.size() / 2);
        int rows = slots.size() / 2 + 1;
        for (int r = 0; r < rows; r++) {
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(100.0 / rows);
            grid.getRowConstraints().add(rc);
        }
    }

    private void syncChoices() {
        List<String> wanted = new java.util.ArrayList<>(display.strategies());
        if (wanted.size() > 1) {
            wanted.add(0, RunDisplay.ALL);
        }
        if (!choices.equals(wanted)) {
            choices.setAll(wanted);
        }
        selector.setValue(display.shownProperty().get());
    }

    private void redraw() {
        if (display == null) {
            return;
        }
        String sel = display.shownProperty().get();
        if (sel != null && !sel.equals(selector.getValue())) {
            selector.setValue(sel);
        }
        Map<String, Timeline> timelines = display.timelines(sel);
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            JFreeChart chart;
            if (timelines.isEmpty() || RunDisplay.ALL.equals(sel)) {
                chart = slot.all().apply(timelines);
            } else {
                chart = slot.one().apply(timelines.values().iterator().next());
            }
            viewers.get(i).setChart(chart);
        }
        comparison.setChart(Charts.attemptsChart(List.copyOf(display.results())));
    }

    /** The chart a slot shows now (tests). */
    JFreeChart chart(String id) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).id().equals(id)) {
                return viewers.get(i).getChart();
            }
        }
        throw new IllegalArgumentException(id);
    }
}
