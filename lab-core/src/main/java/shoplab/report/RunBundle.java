package shoplab.report;

import shoplab.checks.FinalState;
import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.history.Sample;
import shoplab.io.UserFiles;
import shoplab.run.RunSpec;
import tools.jackson.core.JacksonException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The on-disk layout of one run, {@code reports/<scenario>/<timestamp>/}. A bundle is everything a run
 * leaves behind and everything its report is built from, so that a report can be rebuilt, and a run
 * re-checked, offline and without the code that made it:
 *
 * <pre>
 * run.json                               what ran ({@link RunSpec})
 * results.json                           the comparison ({@link RunResults})
 * index.html                             the report ({@link HtmlReport})
 * strategies/&lt;strategy&gt;/history.jsonl   one {@link Op} per line
 * strategies/&lt;strategy&gt;/faults.jsonl    one {@link FaultEvent} per line
 * strategies/&lt;strategy&gt;/metrics.jsonl   one {@link Sample} per line
 * strategies/&lt;strategy&gt;/final-state.json {@link FinalState}
 * gatling/&lt;strategy&gt;/                   Gatling's own report, when there is one
 * </pre>
 *
 * All JSON goes through {@link Json#MAPPER}.
 */
public final class RunBundle {

    public static final String RUN_JSON = "run.json";
    public static final String RESULTS_JSON = "results.json";
    public static final String INDEX_HTML = "index.html";
    public static final String STRATEGIES = "strategies";
    public static final String GATLING = "gatling";
    public static final String HISTORY_JSONL = "history.jsonl";
    public static final String FAULTS_JSONL = "faults.jsonl";
    public static final String METRICS_JSONL = "metrics.jsonl";
    public static final String FINAL_STATE_JSON = "final-state.json";

    /**
     * Bounds on what a bundle's files may weigh when read back (a bundle is the user's input to {@code report}):
     * about ten times the largest a run writes (100,000 buyers' history is ~35 MB, 20,000 shoppers' final
     * state ~7 MB), so that a damaged or substituted file is refused instead of filling the heap.
     */
    public static final long MAX_JSON_BYTES = 64 * UserFiles.MiB;
    public static final long MAX_JSONL_BYTES = 256 * UserFiles.MiB;

    /** Strategy names become directory names: keep them to one plain path segment. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path dir;

    private RunBundle(Path dir) {
        this.dir = dir;
    }

    /** A new (or existing) bundle directory, created with its parents. */
    public static RunBundle create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run bundle directory " + dir, e);
        }
        return new RunBundle(dir);
    }

    /** An existing bundle; it must at least hold run.json. */
    public static RunBundle open(Path dir) {
        if (!Files.exists(dir.resolve(RUN_JSON))) { // one that is there but not a regular file is refused on reading
            throw new IllegalArgumentException("not a run bundle: " + dir.toAbsolutePath() + " has no " + RUN_JSON);
        }
        return new RunBundle(dir);
    }

    public Path dir() {
        return dir;
    }

    // ---- run.json / results.json -------------------------------------------------------------------

    public void writeSpec(RunSpec spec) {
        writeJson(RUN_JSON, spec);
    }

    public RunSpec readSpec() {
        return readJson(dir.resolve(RUN_JSON), RunSpec.class);
    }

    public void writeResults(RunResults results) {
        writeJson(RESULTS_JSON, results);
    }

    /** Whether results.json is there; anything in its place that is not a regular file is refused on reading. */
    public boolean hasResults() {
        return Files.exists(dir.resolve(RESULTS_JSON));
    }

    public RunResults readResults() {
        return readJson(dir.resolve(RESULTS_JSON), RunResults.class);
    }

    /** Writes index.html (see {@link HtmlReport}) and returns its path. */
    public Path writeIndex(String html) {
        Path target = dir.resolve(INDEX_HTML);
        writeAtomically(target, html);
        return target;
    }

    // ---- per strategy -----------------------------------------------------------------------------

    /** {@code strategies/<strategy>/}, not created. */
    public Path strategyDir(String strategy) {
        return dir.resolve(STRATEGIES).resolve(checkName(strategy));
    }

    /** {@code gatling/<strategy>/}, not created; Gatling writes its own report there. */
    public Path gatlingDir(String strategy) {
        return dir.resolve(GATLING).resolve(checkName(strategy));
    }

    /** Whether Gatling left a report for the strategy ({@code gatling/<strategy>/index.html}). */
    public boolean hasGatlingReport(String strategy) {
        return Files.isRegularFile(gatlingDir(strategy).resolve(INDEX_HTML));
    }

    public void writeFinalState(String strategy, FinalState state) {
        writeJson(STRATEGIES + "/" + checkName(strategy) + "/" + FINAL_STATE_JSON, state);
    }

    public boolean hasFinalState(String strategy) {
        return Files.exists(strategyDir(strategy).resolve(FINAL_STATE_JSON));
    }

    public FinalState readFinalState(String strategy) {
        return readJson(strategyDir(strategy).resolve(FINAL_STATE_JSON), FinalState.class);
    }

    /** Whether anything of the strategy's history was written. */
    public boolean hasHistory(String strategy) {
        return Files.exists(strategyDir(strategy).resolve(HISTORY_JSONL));
    }

    /**
     * The strategy's history read back from its three jsonl files; a missing file reads as empty. A last
     * line cut short (the run was killed mid-write) is ignored; any other unreadable line is an error.
     */
    public History readHistory(String strategy) {
        Path sd = strategyDir(strategy);
        return History.of(readLines(sd.resolve(HISTORY_JSONL), Op.class),
                readLines(sd.resolve(FAULTS_JSONL), FaultEvent.class),
                readLines(sd.resolve(METRICS_JSONL), Sample.class));
    }

    /**
     * A listener that appends the strategy's history to its jsonl files as it happens; register it with
     * {@link History#addListener} and close it when the strategy is done. Existing files are replaced.
     */
    public HistoryWriter historyWriter(String strategy) {
        Path sd = strategyDir(strategy);
        try {
            Files.createDirectories(sd);
            return new HistoryWriter(sd.resolve(HISTORY_JSONL), sd.resolve(FAULTS_JSONL), sd.resolve(METRICS_JSONL));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open history files in " + sd, e);
        }
    }

    @Override
    public String toString() {
        return "RunBundle[" + dir + "]";
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** Whether the name can be a strategy or scenario directory (one plain path segment). */
    public static boolean isValidName(String name) {
        return name != null && SAFE_NAME.matcher(name).matches();
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not usable as a directory name: '" + name + "'");
        }
        return name;
    }

    private void writeJson(String relative, Object value) {
        writeAtomically(dir.resolve(relative), Json.PRETTY.writeValueAsString(value) + "\n");
    }

    /** Writes to a temporary file next to the target, then moves it in place: never a half-written file. */
    static void writeAtomically(Path target, String text) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** A JSON file of the bundle; one that is missing, not a regular file or too large is refused ({@link UserFiles.Refused}). */
    private static <T> T readJson(Path file, Class<T> type) {
        try {
            return Json.MAPPER.readValue(UserFiles.readString(file, MAX_JSON_BYTES), type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot parse " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    private static <T> List<T> readLines(Path file, Class<T> type) {
        List<T> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (BufferedReader in = UserFiles.lines(file, MAX_JSONL_BYTES)) {
            String line = in.readLine();
            int number = 0;
            while (line != null) {
                number++;
                String next = in.readLine();
                if (!line.isBlank()) {
                    try {
                        out.add(Json.MAPPER.readValue(line, type));
                    } catch (JacksonException e) {
                        if (next != null) {
                            throw new IllegalArgumentException(
                                    "cannot parse " + file + " line " + number + ": " + e.getOriginalMessage(), e);
                        }
                        // a last line cut short by a killed run: ignore it
                    }
                }
                line = next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }
}
