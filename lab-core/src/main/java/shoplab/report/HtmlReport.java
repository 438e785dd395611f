package shoplab.report;

import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.history.Outcome;
import shoplab.run.FaultOutcome;
import shoplab.run.PlannedFault;
import shoplab.run.RunSpec;
import shoplab.topology.Link;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a run's {@code index.html} from its {@link RunBundle} alone (run.json, results.json, the
 * strategies' histories and final states), so that the report of any bundle can be rebuilt offline,
 * long after the run, by {@code report DIR}.
 *
 * <p>The page is one self-contained file: inline CSS, inline SVG charts, no script, no external
 * resource, so that it can be mailed, archived or opened from a file share. Everything that came from
 * data is HTML-escaped. The output depends only on the bundle (maps are sorted, nothing is stamped with
 * the time of writing), so writing it twice gives the same bytes.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /** Writes {@code index.html} into the bundle and returns its path. */
    public static Path write(RunBundle bundle) {
        return bundle.writeIndex(render(bundle));
    }

    /** The page's text. */
    public static String render(RunBundle bundle) {
        RunSpec spec = bundle.readSpec();
        RunResults results = bundle.hasResults() ? bundle.readResults() : null;
        StringBuilder out = new StringBuilder(256 * 1024);
        head(out, spec);
        header(out, spec, results);
        parameters(out, spec, results);
        scriptedFaults(out, spec);
        comparison(out, results, spec.presentation());
        for (Map.Entry<String, StrategyResult> e : strategies(spec, results).entrySet()) {
            strategy(out, bundle, e.getKey(), e.getValue(), spec);
        }
        howToRead(out, spec.presentation());
        out.append("</main>\n</body>\n</html>\n");
        return out.toString();
    }

    /** Strategies in run order: those with results first, then any the spec names that have none. */
    private static Map<String, StrategyResult> strategies(RunSpec spec, RunResults results) {
        Map<String, StrategyResult> all = new LinkedHashMap<>();
        if (results != null) {
            for (StrategyResult s : results.strategies()) {
                all.put(s.name(), s);
            }
        }
        for (String name : spec.strategies()) {
            all.putIfAbsent(name, null);
        }
        return all;
    }

    // ---- sections -------------------------------------------------------------------------------------

    private static void head(StringBuilder out, RunSpec spec) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>ShopLab: ").append(esc(spec.scenario())).append(" \u2014 ")
                .append(esc(spec.startedAt())).append("</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<main>\n");
    }

    private static void header(StringBuilder out, RunSpec spec, RunResults results) {
        out.append("<header>\n<h1>ShopLab run: ").append(esc(spec.scenario())).append("</h1>\n<p class=\"meta\">")
                .append("started at <b>").append(esc(spec.startedAt())).append("</b> &middot; topology <b>")
                .append(esc(spec.topologyName())).append("</b>");
        if (spec.topologyFile() != null) {
            out.append(" (").append(esc(spec.topologyFile())).append(")");
        }
        out.append(" &middot; mechanism <b>").append(esc(spec.mechanism())).append("</b> &middot; seed <b>")
                .append(spec.seed()).append("</b></p>\n");
        if (results == null) {
            out.append("<div class=\"banner incomplete\">INCOMPLETE: this run left no results.json; "
                    + "only what was recorded is shown.</div>\n");
        } else if (!results.complete()) {
            out.append("<div class=\"banner incomplete\">INCOMPLETE: the run was stopped or failed before every "
                    + "strategy finished; only what was recorded is shown.</div>\n");
        } else {
            out.append("<div class=\"banner complete\">Complete: every strategy ran to the end.</div>\n");
        }
        out.append("</header>\n");
    }

    private static void parameters(StringBuilder out, RunSpec spec, RunResults results) {
        Map<String, String> params = new TreeMap<>(spec.parameters());
        if (results != null) {
            params.putAll(results.parameters());
        }
        out.append("<section id=\"parameters\">\n<h2>Parameters</h2>\n");
        keyValues(out, "parameter", "value", params);

        out.append("<h3>Latency model</h3>\n");
        if (spec.latencyModel().isEmpty()) {
            out.append("<p class=\"none\">No links.</p>\n");
        } else {
            out.append("<table>\n<thead><tr><th>link</th><th>from</th><th>to</th><th class=\"num\">one-way ms</th>"
                    + "</tr></thead>\n<tbody>\n");
            for (Link l : spec.latencyModel()) {
                out.append("<tr><td>").append(esc(l.name())).append("</td><td>")
                        .append(esc(l.from())).append("</td><td>").append(esc(l.to())).append("</td><td class=\"num\">")
                        .append(Fmt.decimal(l.latencyMs(), 2)).append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }

        out.append("<h3>Versions</h3>\n");
        keyValues(out, "component", "version", new TreeMap<>(spec.versions()));
        if (spec.topologyYaml() != null && !spec.topologyYaml().isBlank()) {
            out.append("<details><summary>Topology file as run</summary>\n<pre>").append(esc(spec.topologyYaml()))
                    .append("</pre>\n</details>\n");
        }
        out.append("</section>\n");
    }

    /**
     * The fault plan, a row per step and a column per strategy: done at its time, failed (in red, with the
     * reason) or not run (amber: the load had ended, the run was stopped). A step that did nothing must not
     * pass for one that broke the stack.
     */
    private static void scriptedFaults(StringBuilder out, RunSpec spec) {
        if (spec.faults().isEmpty()) {
            return;
        }
        out.append("<section id=\"faults\">\n<h2>Scripted faults</h2>\n<table>\n<thead><tr><th>step</th>");
        for (String strategy : spec.strategies()) {
            out.append("<th>").append(esc(strategy)).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (PlannedFault f : spec.faults()) {
            out.append("<tr><td>").append(esc(f.step())).append("</td>");
            for (String strategy : spec.strategies()) {
                FaultOutcome o = f.outcomes().stream().filter(x -> strategy.equals(x.strategy())).findFirst().orElse(null);
                if (o == null) {
                    out.append("<td class=\"v-none\">did not run</td>");
                } else {
                    String cls = o.done() ? "v-ok" : FaultOutcome.FAILED.equals(o.status()) ? "v-violated" : "v-expected";
                    out.append("<td class=\"").append(cls).append("\">").append(esc(o.describe())).append("</td>");
                }
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private static void keyValues(StringBuilder out, String key, String value, Map<String, String> map) {
        if (map.isEmpty()) {
            out.append("<p class=\"none\">None.</p>\n");
            return;
        }
        out.append("<table>\n<thead><tr><th>").append(key).append("</th><th>").append(value)
                .append("</th></tr></thead>\n<tbody>\n");
        map.forEach((k, v) -> out.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v))
                .append("</td></tr>\n"));
        out.append("</tbody>\n</table>\n");
    }

    private static void comparison(StringBuilder out, RunResults results, Presentation presentation) {
        out.append("<section id=\"comparison\">\n<h2>Comparison</h2>\n");
        if (results == null || results.strategies().isEmpty()) {
            out.append("<p class=\"none\">No strategy results.</p>\n</section>\n");
            return;
        }
        List<ResultColumn> columns = ResultColumn.of(presentation, results.strategies());
        out.append("<table class=\"comparison\">\n<thead><tr>");
        for (ResultColumn c : columns) {
            out.append(c.numeric() ? "<th class=\"num\">" : "<th>").append(esc(c.header())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (StrategyResult s : results.strategies()) {
            out.append("<tr>");
            for (ResultColumn c : columns) {
                if (c.header().equals(ResultColumn.STRATEGY) && RunBundle.isValidName(s.name())) {
                    out.append("<td><a href=\"#").append(anchor(s.name())).append("\">").append(esc(s.name()))
                            .append("</a></td>");
                } else if (c.header().equals(ResultColumn.VERDICT)) {
                    verdictCell(out, s);
                } else if (c.numeric()) {
                    num(out, c.value().apply(s));
                } else {
                    out.append("<td>").append(esc(c.value().apply(s))).append("</td>");
                }
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n<figure>")
                .append(Charts.svg("chart-attempts", Charts.attemptsChart(results.strategies())))
                .append("</figure>\n</section>\n");
    }

    private static void num(StringBuilder out, String text) {
        out.append("<td class=\"num\">").append(esc(text)).append("</td>");
    }

    private static void verdictCell(StringBuilder out, StrategyResult s) {
        String text = Fmt.verdict(s);
        String cls = switch (Fmt.verdictWord(s)) {
            case Fmt.VERDICT_OK -> "v-ok";
            case Fmt.VERDICT_EXPECTED -> "v-expected";
            case Fmt.VERDICT_VIOLATED -> "v-violated";
            default -> "v-none";
        };
        out.append("<td class=\"").append(cls).append("\">").append(esc(text)).append("</td>");
    }

    private static void strategy(StringBuilder out, RunBundle bundle, String name, StrategyResult result,
                                 RunSpec spec) {
        boolean valid = RunBundle.isValidName(name);
        out.append("<section class=\"strategy\"");
        if (valid) {
            out.append(" id=\"").append(anchor(name)).append("\"");
        }
        out.append(">\n<h2>Strategy ").append(esc(name));
        if (result != null && result.unsafe()) {
            out.append(" <span class=\"badge\">unsafe</span>");
        }
        out.append("</h2>\n");
        if (result == null) {
            out.append("<p class=\"none\">No result: the strategy did not run or did not finish.</p>\n");
        }
        if (!valid) {
            out.append("<p class=\"none\">Name not usable as a directory: no recorded files.</p>\n</section>\n");
            return;
        }

        if (bundle.hasHistory(name)) {
            History h = bundle.readHistory(name);
            Timeline t = Timeline.of(h, spec.measuredOperation());
            summary(out, h, t);
            String id = "chart-" + name;
            out.append("<figure>").append(Charts.svg(id + "-throughput", Charts.throughputChart(t))).append("</figure>\n");
            out.append("<figure>").append(Charts.svg(id + "-latency", Charts.latencyChart(t))).append("</figure>\n");
            if (spec.presentation().ladder()) {
                out.append("<figure>").append(Charts.svg(id + "-ladder", Charts.ladderChart(t))).append("</figure>\n");
                out.append("<figure>").append(Charts.svg(id + "-goodput", Charts.goodputChart(t))).append("</figure>\n");
            }
            for (ChartSpec c : spec.presentation().charts()) {
                out.append("<figure>").append(Charts.svg(id + "-" + c.id(), Charts.chart(t, c))).append("</figure>\n");
            }
            if (!t.liveCheckers().isEmpty()) { // bundles from before live checks have none
                out.append("<figure>").append(Charts.svg(id + "-violations", Charts.violationsChart(t))).append("</figure>\n");
            }
            faults(out, h.faults());
        } else {
            out.append("<p class=\"none\">No history recorded.</p>\n");
        }

        if (result != null) {
            out.append("<h3>Checks</h3>\n");
            if (result.checks().isEmpty()) {
                out.append("<p class=\"none\">Not checked.</p>\n");
            }
            for (Verdict v : result.checks()) {
                verdict(out, v, result.unsafe());
            }
        }

        if (bundle.hasFinalState(name)) {
            finalState(out, name, bundle.readFinalState(name));
        }
        if (bundle.hasGatlingReport(name)) {
            out.append("<p><a href=\"").append(esc(RunBundle.GATLING + "/" + name + "/" + RunBundle.INDEX_HTML))
                    .append("\">Gatling report for ").append(esc(name)).append("</a></p>\n");
        }
        out.append("</section>\n");
    }

    private static void summary(StringBuilder out, History h, Timeline t) {
        long[] counts = new long[Outcome.values().length];
        h.ops().stream().filter(op -> t.measured().equals(op.f()))
                .forEach(op -> counts[op.outcome().ordinal()]++);
        out.append("<p class=\"meta\">").append(h.ops().size()).append(" operations recorded, of which ")
                .append(esc(t.measured())).append(": ")
                .append(counts[Outcome.OK.ordinal()]).append(" ok, ")
                .append(counts[Outcome.FAIL.ordinal()]).append(" failed, ")
                .append(counts[Outcome.UNKNOWN.ordinal()]).append(" unknown &middot; ")
                .append(h.faults().size()).append(" fault events &middot; ")
                .append(h.samples().size()).append(" samples &middot; ")
                .append(Fmt.seconds(t.endMs())).append(" s</p>\n");
    }

    private static void faults(StringBuilder out, List<FaultEvent> faults) {
        if (faults.isEmpty()) {
            return;
        }
        out.append("<details><summary>Fault events (").append(faults.size()).append(")</summary>\n<table>\n")
                .append("<thead><tr><th class=\"num\">at s</th><th>action</th><th>target</th><th>detail</th></tr>"
                        + "</thead>\n<tbody>\n");
        for (FaultEvent f : faults) {
            out.append("<tr><td class=\"num\">").append(Fmt.seconds(f.atMs())).append("</td><td>")
                    .append(esc(f.action())).append("</td><td>").append(esc(f.target())).append("</td><td>")
                    .append(esc(f.detail())).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</details>\n");
    }

    private static void verdict(StringBuilder out, Verdict v, boolean unsafe) {
        String cls = v.valid() ? "v-ok" : unsafe ? "v-expected" : "v-violated";
        String word = v.valid() ? "valid" : unsafe ? "violated (expected: unsafe strategy)" : "VIOLATED";
        out.append("<div class=\"verdict\">\n<p><b>").append(esc(v.name())).append("</b>: <span class=\"")
                .append(cls).append("\">").append(esc(word)).append("</span>, ").append(v.violations())
                .append(v.violations() == 1 ? " violation" : " violations");
        if (!v.figures().isEmpty()) {
            List<String> figures = new ArrayList<>();
            new TreeMap<>(v.figures()).forEach((k, x) -> figures.add(k + " = " + Fmt.decimal(x, x == Math.rint(x) ? 0 : 2)));
            out.append(" &middot; <span class=\"figures\">").append(esc(String.join(", ", figures))).append("</span>");
        }
        out.append("</p>\n");
        if (!v.examples().isEmpty()) {
            out.append("<ul class=\"examples\">\n");
            for (String e : v.examples()) {
                out.append("<li>").append(esc(e)).append("</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("</div>\n");
    }

    /** Whether the stack quiesced, and the scenario's snapshot of its stores: a file of the bundle, linked. */
    private static void finalState(StringBuilder out, String strategy, FinalState fs) {
        out.append("<p class=\"meta\">Final state: ").append(fs.quiesced() ? "quiesced" : "<b>NOT quiesced</b>")
                .append(" &middot; <a href=\"").append(esc(RunBundle.STRATEGIES + "/" + strategy + "/"
                        + RunBundle.FINAL_STATE_JSON)).append("\">the stores after the load</a></p>\n");
    }

    private static void howToRead(StringBuilder out, Presentation presentation) {
        out.append("<section id=\"how-to-read\">\n<h2>How to read this report</h2>\n");
        if (!presentation.explanation().isBlank()) {
            out.append("<p>").append(esc(presentation.explanation())).append("</p>\n");
        }
        out.append("<p>")
                .append("Every strategy faced the same scenario, seed and faults. An operation ends <i>ok</i> "
                        + "(acknowledged: it happened), <i>failed</i> (refused definitely, e.g. sold out) or "
                        + "<i>unknown</i> (timeout, 5xx, reset: it may or may not have happened); errors count the "
                        + "unknown ones. Red bands on the charts are fault windows, from the fault to its heal (or "
                        + "to the end of the run); all charts of a strategy share one time axis, in seconds since "
                        + "its start. A verdict in <span class=\"v-expected\">amber</span> is a violation by a "
                        + "deliberately unsafe strategy, shown for contrast; <span class=\"v-violated\">red</span> "
                        + "is a violation by a strategy meant to be safe, and is a finding.")
                .append("</p>\n</section>\n");
    }

    // ---- text -----------------------------------------------------------------------------------------

    private static String anchor(String name) {
        return "strategy-" + name;
    }

    /** HTML-escapes text for element content and quoted attribute values; null reads as empty. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; \
            background: #fafafa; margin: 0; }
            main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
            h1 { font-size: 22px; margin: 8px 0 4px; }
            h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            h3 { font-size: 15px; margin: 18px 0 6px; }
            .meta { color: #555; margin: 4px 0 10px; }
            .banner { padding: 8px 12px; border-radius: 4px; font-weight: 600; margin: 8px 0; }
            .banner.complete { background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7; }
            .banner.incomplete { background: #ffebee; color: #b71c1c; border: 1px solid #ef9a9a; }
            table { border-collapse: collapse; margin: 6px 0 12px; background: #fff; }
            th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
            th { background: #f0f0f0; font-weight: 600; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            table.comparison { font-size: 13px; }
            .v-ok { color: #1b5e20; }
            .v-expected { color: #8a5a00; background: #fff3cd; }
            .v-violated { color: #fff; background: #c62828; font-weight: 700; }
            .v-none { color: #777; }
            span.v-expected, span.v-violated { padding: 0 4px; border-radius: 3px; }
            .badge { font-size: 12px; background: #fff3cd; color: #8a5a00; border: 1px solid #e0c060; \
            border-radius: 3px; padding: 0 6px; vertical-align: middle; }
            .none { color: #777; font-style: italic; }
            figure { margin: 8px 0; }
            figure svg { max-width: 100%; height: auto; border: 1px solid #e4e4e4; background: #fff; }
            .verdict p { margin: 6px 0 2px; }
            .figures { color: #555; }
            ul.examples { margin: 2px 0 8px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
            pre { background: #fff; border: 1px solid #ddd; padding: 8px; overflow-x: auto; }
            details { margin: 6px 0; }
            """;
}
