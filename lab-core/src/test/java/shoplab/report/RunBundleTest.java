package shoplab.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.checks.FinalState;
import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunBundleTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripsSpecResultsHistoryAndFinalState() {
        Path dir = tmp.resolve("reports/flash-sale/20250102-030405");
        RunBundle b = RunBundle.create(dir);
        b.writeSpec(Fixtures.spec());
        b.writeResults(Fixtures.results());
        b.writeFinalState(Fixtures.SAFE, Fixtures.finalState());

        History live = new History();
        try (HistoryWriter w = b.historyWriter(Fixtures.SAFE)) {
            live.addListener(w);
            History source = Fixtures.history(false); // samples carry a NaN Redis figure
            source.ops().forEach(live::append);
            source.faults().forEach(live::append);
            source.samples().forEach(live::append);
        }

        RunBundle reopened = RunBundle.open(dir);
        assertThat(reopened.dir()).isEqualTo(dir);
        assertThat(reopened.readSpec()).isEqualTo(Fixtures.spec());
        assertThat(reopened.readResults()).isEqualTo(Fixtures.results());
        FinalState stores = reopened.readFinalState(Fixtures.SAFE);
        assertThat(stores.quiesced()).isTrue();
        assertThat(stores.snapshot(Fixtures.Stores.class)).as("the scenario's snapshot, read back as its type")
                .isEqualTo(Fixtures.finalState().snapshot(Fixtures.Stores.class));

        History back = reopened.readHistory(Fixtures.SAFE);
        assertThat(back.ops()).isEqualTo(live.ops());
        assertThat(back.faults()).isEqualTo(live.faults());
        assertThat(back.samples()).isEqualTo(live.samples());
        Sample first = back.samples().get(0);
        assertThat(first.get(Sample.REDIS_STOCK)).isNaN();
        assertThat(first.get(Sample.DB_STOCK)).isEqualTo(live.samples().get(0).get(Sample.DB_STOCK));
        assertThat(first.get(Sample.QUEUE_LAG)).isNaN();

        Path sd = reopened.strategyDir(Fixtures.SAFE);
        assertThat(sd).isEqualTo(dir.resolve("strategies").resolve(Fixtures.SAFE));
        assertThat(sd.resolve("history.jsonl")).isRegularFile();
        assertThat(sd.resolve("faults.jsonl")).isRegularFile();
        assertThat(sd.resolve("metrics.jsonl")).isRegularFile();
        assertThat(reopened.gatlingDir(Fixtures.SAFE)).isEqualTo(dir.resolve("gatling").resolve(Fixtures.SAFE));
        assertThat(reopened.hasGatlingReport(Fixtures.SAFE)).isFalse();
    }

    @Test
    void aScenariosFiguresAreWrittenUnderFiguresInItsOrderAndReadBackEqual() throws Exception {
        RunBundle b = RunBundle.create(tmp.resolve("trade"));
        Map<String, Number> figures = new java.util.LinkedHashMap<>();
        figures.put("doubleCharges", 2.0); // a checker's figure is a double; a whole one is written as such
        figures.put("doubleShipments", 1L);
        figures.put("writesPerUnit", 1.25);
        StrategyResult naive = new StrategyResult("naive", true, 10, 5.0, 9, 1, 2, 3, 0, figures, List.of());
        RunResults results = new RunResults("duplicate-payment", "2026-11-25T00:00:00Z", 1, Map.of(), true,
                List.of(naive, Fixtures.results().strategies().get(0)));
        b.writeResults(results);

        String json = Files.readString(b.dir().resolve(RunBundle.RESULTS_JSON));
        assertThat(json.replaceAll("\\s+", " "))
                .contains("\"figures\" : { \"doubleCharges\" : 2, \"doubleShipments\" : 1, \"writesPerUnit\" : 1.25 }");
        assertThat(b.readResults()).isEqualTo(results);
    }

    @Test
    void historyFilesHoldOneJsonValuePerLine() throws Exception {
        RunBundle b = RunBundle.create(tmp);
        try (HistoryWriter w = b.historyWriter("s1")) {
            w.onOp(new Op(Op.BUY, Outcome.OK, 1, 5, "u1", "A", "o1", 200, null));
            w.onOp(new Op(Op.BUY, Outcome.FAIL, 2, 6, "u2", "A", null, 409, "sold out\nreally"));
            w.onFault(new FaultEvent(3, "kill", "redis", ""));
        }
        List<String> lines = Files.readAllLines(b.strategyDir("s1").resolve("history.jsonl"));
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
        assertThat(Files.readAllLines(b.strategyDir("s1").resolve("faults.jsonl"))).hasSize(1);
        assertThat(Files.readAllLines(b.strategyDir("s1").resolve("metrics.jsonl"))).isEmpty();
    }

    @Test
    void writerIsThreadSafe() throws Exception {
        RunBundle b = RunBundle.create(tmp);
        History h = new History();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (HistoryWriter w = b.historyWriter("s1")) {
            h.addListener(w);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        h.append(new Op(Op.BUY, Outcome.OK, i, i + 1, "u" + thread, "A", null, 200, null));
                        h.append(new Sample(i, Map.of(Sample.DB_STOCK, (double) i)));
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        History back = b.readHistory("s1");
        assertThat(back.ops()).hasSize(2000).containsExactlyInAnyOrderElementsOf(h.ops());
        assertThat(back.samples()).hasSize(2000);
    }

    @Test
    void toleratesATruncatedLastLineAndMissingFiles() throws Exception {
        RunBundle b = RunBundle.create(tmp);
        try (HistoryWriter w = b.historyWriter("s1")) {
            w.onOp(new Op(Op.BUY, Outcome.OK, 1, 5, "u1", "A", "o1", 200, null));
        }
        Path ops = b.strategyDir("s1").resolve("history.jsonl");
        Files.writeString(ops, Files.readString(ops) + "{\"f\":\"buy\",\"outc");
        Files.delete(b.strategyDir("s1").resolve("metrics.jsonl"));
        History back = b.readHistory("s1");
        assertThat(back.ops()).hasSize(1);
        assertThat(back.samples()).isEmpty();
        assertThat(b.readHistory("never-ran").ops()).isEmpty();
    }

    /** A bundle is the user's input to {@code report}: its files are read only when regular, and bounded. */
    @Test
    void filesThatAreNotRegularOrTooLargeAreRefusedInOneLine() throws Exception {
        RunBundle b = RunBundle.create(tmp);
        b.writeSpec(Fixtures.spec());
        Path results = tmp.resolve(RunBundle.RESULTS_JSON);
        Files.createSymbolicLink(results, Path.of("/dev/zero"));
        assertThat(b.hasResults()).isTrue();
        assertThatThrownBy(b::readResults).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(results + ": not a regular file");
        assertThatThrownBy(() -> HtmlReport.write(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(results + ": not a regular file");
        Files.delete(results);

        Path history = Files.createDirectories(b.strategyDir(Fixtures.SAFE)).resolve(RunBundle.HISTORY_JSONL);
        Files.createSymbolicLink(history, Path.of("/dev/zero"));
        assertThatThrownBy(() -> b.readHistory(Fixtures.SAFE)).hasMessage(history + ": not a regular file");
        Files.delete(history);
        // grows past the bound while it is read: counted, not trusted from the size at opening
        try (var out = new java.io.RandomAccessFile(history.toFile(), "rw")) {
            out.setLength(RunBundle.MAX_JSONL_BYTES + 1); // sparse: costs no disk
        }
        assertThatThrownBy(() -> b.readHistory(Fixtures.SAFE)).hasMessage(history + ": larger than 256 MiB");
    }

    @Test
    void openNamesTheDirectoryWithoutRunJson() {
        assertThatThrownBy(() -> RunBundle.open(tmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(tmp.toAbsolutePath().toString())
                .hasMessageContaining("run.json");
    }

    @Test
    void rejectsStrategyNamesThatAreNotOnePathSegment() {
        RunBundle b = RunBundle.create(tmp);
        for (String bad : new ArrayList<>(List.of("../x", "a/b", "", ".hidden"))) {
            assertThatThrownBy(() -> b.strategyDir(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
