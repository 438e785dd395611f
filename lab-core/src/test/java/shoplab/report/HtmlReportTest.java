package shoplab.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.history.FaultEvent;
import shoplab.run.FaultOutcome;
import shoplab.run.PlannedFault;
import shoplab.run.RunSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    @TempDir
    Path tmp;

    @Test
    void writesASelfContainedReportFromTheBundleAlone() throws Exception {
        RunBundle bundle = Fixtures.bundle(tmp.resolve("run"));
        Files.createDirectories(bundle.gatlingDir(Fixtures.SAFE));
        Files.writeString(bundle.gatlingDir(Fixtures.SAFE).resolve("index.html"), "<html></html>");

        Path index = HtmlReport.write(RunBundle.open(bundle.dir()));

        assertThat(index).isEqualTo(bundle.dir().resolve("index.html"));
        String html = Files.readString(index);
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains(Fixtures.SAFE, Fixtures.UNSAFE, "flash-sale", "single-dc", "2025-01-02T03:04:05Z")
                .contains("<svg")
                .contains(HtmlReport.esc(Fixtures.COUNTEREXAMPLE))
                .doesNotContain(Fixtures.COUNTEREXAMPLE) // its raw '<' and '&' are escaped
                .contains("&lt;b&gt;not bold&lt;/b&gt;")
                .contains("violated (expected: unsafe strategy)")
                .doesNotContain(">VIOLATED<")
                .contains("slow order-&gt;redis") // the fault window's label, inside the SVG
                .contains("href=\"gatling/" + Fixtures.SAFE + "/index.html\"")
                .doesNotContain("href=\"gatling/" + Fixtures.UNSAFE + "/index.html\"")
                .contains("How to read this report", "Only the &lt;way&gt; stock is deducted differs.")
                .contains("<th class=\"num\">oversold</th>", "<th class=\"num\">convergence ms</th>")
                .contains("Stock over time")
                .doesNotContain("src=\"http")
                .doesNotContain("href=\"http")
                .doesNotContain("<script");
        // throughput, latency, the scenario's stock chart and live violations per strategy, the comparison bar chart
        assertThat(html.split("<svg", -1)).hasSize(1 + 2 * 3 + 1); // the fixture's samples carry no violations: that chart is left out

        HtmlReport.write(RunBundle.open(bundle.dir()));
        assertThat(Files.readString(index)).isEqualTo(html);
    }

    /** Every scripted step, per strategy, with what became of it: a failed or skipped fault is seen, not lost. */
    @Test
    void listsEveryScriptedFaultWithWhatBecameOfItPerStrategy() throws Exception {
        RunSpec base = Fixtures.spec();
        List<PlannedFault> plan = List.of(
                new PlannedFault("8.0s:kill:redis", 8_000, List.of(
                        new FaultOutcome(Fixtures.SAFE, FaultOutcome.DONE, 8_004L, null),
                        new FaultOutcome(Fixtures.UNSAFE, FaultOutcome.FAILED, 8_002L, "no component <redis> runs"))),
                new PlannedFault("25.0s:restart:redis", 25_000, List.of(
                        new FaultOutcome(Fixtures.SAFE, FaultOutcome.NOT_RUN, null, "the load ended first, at 12.3 s"))));
        RunSpec spec = new RunSpec(base.scenario(), base.startedAt(), base.topologyName(), base.topologyFile(),
                base.topologyYaml(), base.mechanism(), base.strategies(), base.parameters(), base.seed(),
                base.latencyModel(), base.versions(), base.measuredOperation(), base.presentation(), plan);
        RunBundle bundle = RunBundle.create(tmp.resolve("run"));
        bundle.writeSpec(spec);
        assertThat(RunBundle.open(bundle.dir()).readSpec().faults()).as("kept in run.json").isEqualTo(plan);

        String html = Files.readString(HtmlReport.write(bundle));
        assertThat(html).contains("<h2>Scripted faults</h2>")
                .contains("<td>8.0s:kill:redis</td><td class=\"v-ok\">done at 8.0 s</td>"
                        + "<td class=\"v-violated\">failed at 8.0 s: no component &lt;redis&gt; runs</td>")
                .contains("<td>25.0s:restart:redis</td><td class=\"v-expected\">not run: the load ended first, at 12.3 s</td>"
                        + "<td class=\"v-none\">did not run</td>");
        assertThat(HtmlReport.render(Fixtures.bundle(tmp.resolve("none")))).as("no plan, no section")
                .doesNotContain("Scripted faults");
    }

    @Test
    void marksAViolationOfASafeStrategyInRedAndAnIncompleteRun() {
        RunBundle bundle = RunBundle.create(tmp.resolve("run"));
        bundle.writeSpec(Fixtures.spec());
        RunResults r = Fixtures.results();
        StrategyResult u = r.strategies().get(1);
        StrategyResult notUnsafe = new StrategyResult(u.name(), false, u.attempts(), u.attemptsPerSecond(),
                u.successfulOrders(), u.p50Ms(), u.p95Ms(), u.p99Ms(), u.errors(), u.figures(), u.checks());
        bundle.writeResults(new RunResults(r.scenario(), r.startedAt(), r.seed(), r.parameters(), false,
                List.of(r.strategies().get(0), notUnsafe)));

        String html = HtmlReport.render(bundle);

        assertThat(html).contains("INCOMPLETE").contains(">VIOLATED<").contains("No history recorded");
    }

    @Test
    void faultWindowsCloseAtTheNextHealOfTheirTargetOrAtTheEnd() {
        List<Timeline.FaultWindow> windows = Timeline.faultWindows(List.of(
                new FaultEvent(1000, "slow", "a->b", "+50ms"),
                new FaultEvent(1500, "kill", "redis", ""),
                new FaultEvent(2000, "heal", "a->b", ""),
                new FaultEvent(2500, "heal", "nothing-open", "")), 9000);
        assertThat(windows).containsExactly(
                new Timeline.FaultWindow("slow", "a->b", 1000, 2000, true),
                new Timeline.FaultWindow("kill", "redis", 1500, 9000, false));
        assertThat(windows.get(0).label()).isEqualTo("slow a->b");
    }
}
