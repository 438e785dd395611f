package shoplab.ui.view;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import shoplab.checks.Verdict;
import shoplab.report.Fmt;
import shoplab.report.Presentation;
import shoplab.report.ResultColumn;
import shoplab.report.RunBundle;
import shoplab.report.StrategyResult;
import shoplab.ui.model.RunDisplay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The verdicts of the shown run: the comparison table (one row per strategy, the report's own columns and
 * wording)
 * and, for the selected strategy, each checker's verdict with its counts and first counterexamples;
 * buttons to open the HTML report and the bundle folder.
 */
final class VerdictsView extends VBox {

    private final TableView<StrategyResult> table = new TableView<>();
    private final VBox details = new VBox(4);
    private final Button openReport = new Button("Open report");
    private final Button openFolder = new Button("Open folder");
    private RunDisplay display;

    VerdictsView(ObjectProperty<RunDisplay> shown, Consumer<Path> open) {
        super(6);
        setPadding(new Insets(8));
        table.setId("verdictsTable");
        table.setPlaceholder(new Label("Verdicts appear as each strategy ends."));
        // a scenario may bring many figure columns: scroll sideways rather than squeeze them unreadable
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        columns(Presentation.NONE);
        table.setPrefHeight(170);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> showDetails(now));

        details.setId("verdictDetails");
        ScrollPane scroll = new ScrollPane(details);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);

        openReport.setId("openReport");
        openFolder.setId("openFolder");
        openReport.setOnAction(e -> open.accept(display.bundleDirProperty().get().resolve(RunBundle.INDEX_HTML)));
        openFolder.setOnAction(e -> open.accept(display.bundleDirProperty().get()));
        HBox buttons = new HBox(6, openReport, openFolder);
        getChildren().addAll(ScenarioPanel.title("Verdicts"), table, scroll, buttons);
        shown.addListener((o, was, now) -> show(now));
        show(shown.get());
    }

    /** Selects the first verdict to arrive, and keeps the buttons in step with the bundle's files. */
    private final javafx.collections.ListChangeListener<StrategyResult> resultsChanged = c -> {
        if (table.getSelectionModel().isEmpty() && !c.getList().isEmpty()) {
            table.getSelectionModel().select(c.getList().size() - 1);
        }
        refreshButtons();
    };
    private final javafx.beans.InvalidationListener redrawn = o -> refreshButtons();

    private void show(RunDisplay d) {
        if (display != null) {
            display.results().removeListener(resultsChanged);
            display.revisionProperty().removeListener(redrawn);
        }
        display = d;
        columns(d == null ? Presentation.NONE : d.presentation());
        table.setItems(d == null ? FXCollections.observableArrayList() : d.results());
        if (d != null) {
            d.results().addListener(resultsChanged);
            d.revisionProperty().addListener(redrawn);
        }
        if (d != null && !d.results().isEmpty()) {
            table.getSelectionModel().select(0);
        } else {
            showDetails(null);
        }
        refreshButtons();
    }

    private void refreshButtons() {
        Path dir = display == null ? null : display.bundleDirProperty().get();
        openReport.setDisable(dir == null || !Files.isRegularFile(dir.resolve(RunBundle.INDEX_HTML)));
        openFolder.setDisable(dir == null || !Files.isDirectory(dir));
    }

    private void showDetails(StrategyResult r) {
        details.getChildren().clear();
        if (r == null) {
            return;
        }
        Label head = new Label(r.name() + ": " + Fmt.verdict(r));
        head.getStyleClass().add(style(r));
        head.setWrapText(true);
        details.getChildren().add(head);
        for (Verdict v : r.checks()) {
            Label name = new Label((v.valid() ? "\u2714 " : "\u2718 ") + v.name()
                    + (v.valid() ? "" : String.format(Locale.ROOT, ": %d violation%s", v.violations(), v.violations() == 1 ? "" : "s"))
                    + figures(v));
            name.getStyleClass().add(v.valid() ? "verdict-ok" : r.unsafe() ? "verdict-expected" : "verdict-violated");
            name.setWrapText(true);
            name.setId("verdict-" + r.name() + "-" + v.name());
            details.getChildren().add(name);
            for (String example : v.examples()) {
                Label ex = new Label("  \u2022 " + example);
                ex.getStyleClass().add("example");
                ex.setWrapText(true);
                details.getChildren().add(ex);
            }
        }
    }

    private static String figures(Verdict v) {
        if (v.figures().isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(" (");
        new java.util.TreeMap<>(v.figures()).forEach((k, val) -> s.append(s.length() > 2 ? ", " : "")
                .append(k).append(' ').append(Fmt.decimal(val, val == Math.rint(val) ? 0 : 2)));
        return s.append(')').toString();
    }

    private static String style(StrategyResult r) {
        String v = Fmt.verdictWord(r);
        return v.equals(Fmt.VERDICT_OK) ? "verdict-ok" : v.equals(Fmt.VERDICT_EXPECTED) ? "verdict-expected" : "verdict-violated";
    }

    /** The report's comparison columns for the run's scenario, in their brief form. */
    private void columns(Presentation presentation) {
        table.getColumns().setAll(ResultColumn.brief(presentation).stream().map(VerdictsView::column).toList());
    }

    private static TableColumn<StrategyResult, String> column(ResultColumn column) {
        TableColumn<StrategyResult, String> c = new TableColumn<>(column.brief());
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(column.value().apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }
}
