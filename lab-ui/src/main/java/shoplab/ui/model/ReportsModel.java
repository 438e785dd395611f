package shoplab.ui.model;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.run.RunSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The run history: the bundles under {@code reports/} (newest first), and a bundle read back into a
 * {@link RunDisplay} without running anything, from the same files the HTML report is built from.
 */
public final class ReportsModel {

    /** One bundle as the list shows it. */
    public record Entry(Path dir, String scenario, String startedAt, List<String> strategies, boolean complete) {

        @Override
        public String toString() {
            return scenario + "  " + dir.getFileName() + (complete ? "" : "  (incomplete)") + "\n"
                    + String.join(", ", strategies);
        }
    }

    private final UiThread ui;
    private final Executor background;
    private final Path root;
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public ReportsModel(UiThread ui, Executor background, Path root) {
        this.ui = ui;
        this.background = background;
        this.root = root;
    }

    /** Rescans {@code reports/SCENARIO/RUN/} for bundles (off the UI thread). */
    public void refresh() {
        try {
            background.execute(() -> {
                List<Entry> found = scan(root);
                ui.execute(() -> entries.setAll(found));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the console is closing
        }
    }

    static List<Entry> scan(Path root) {
        List<Entry> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> runs = Files.find(root, 2, (p, a) -> a.isDirectory()
                && Files.isRegularFile(p.resolve(RunBundle.RUN_JSON)))) {
            runs.forEach(dir -> {
                try {
                    RunBundle b = RunBundle.open(dir);
                    RunSpec spec = b.readSpec();
                    boolean complete = b.hasResults() && b.readResults().complete();
                    found.add(new Entry(dir, spec.scenario(), spec.startedAt(), spec.strategies(), complete));
                } catch (RuntimeException e) {
                    // not a readable bundle (a run writing it, or damaged): not listed
                }
            });
        } catch (IOException e) {
            // the folder vanished while listing: list what was found
        }
        found.sort(Comparator.comparing(Entry::startedAt).reversed());
        return found;
    }

    /** Reads a bundle back (off the UI thread) and hands its display to {@code show} on the UI thread. */
    public void open(Entry entry, Consumer<RunDisplay> show) {
        CompletableFuture.supplyAsync(() -> read(entry.dir()), background).whenComplete((d, e) -> ui.execute(() -> {
            if (e != null) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                error.set(entry.dir() + ": cannot read: " + cause.getMessage());
            } else {
                error.set("");
                show.accept(d);
            }
        }));
    }

    /** A bundle as a display: each strategy's recorded history on its timeline, and the saved results. */
    static RunDisplay read(Path dir) {
        RunBundle b = RunBundle.open(dir);
        RunSpec spec = b.readSpec();
        RunDisplay d = new RunDisplay(spec.scenario() + " on " + spec.topologyName() + ", " + spec.startedAt(),
                spec.measuredOperation(), spec.presentation());
        d.bundleDirProperty().set(dir);
        for (String s : spec.strategies()) {
            if (b.hasHistory(s)) {
                d.timeline(s).replay(b.readHistory(s));
                d.addStrategy(s);
            }
        }
        if (b.hasResults()) {
            RunResults r = b.readResults();
            d.results().setAll(r.strategies());
        }
        d.shownProperty().set(d.strategies().size() > 1 ? RunDisplay.ALL : d.strategies().isEmpty() ? null
                : d.strategies().get(0));
        return d;
    }

    public ObservableList<Entry> entries() {
        return entries;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
