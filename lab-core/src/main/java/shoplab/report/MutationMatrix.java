package shoplab.report;

import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which checker caught which mutant ({@code shoplab mutate}): one row per mutant (a safe strategy with one
 * safeguard removed), one column per checker, each cell the violations that checker found. A row with no
 * violation is a survivor: a safeguard whose removal no checker sees, a hole in the lab.
 *
 * @param rows     the mutants, in run order
 * @param checkers the checkers, in report order
 */
public record MutationMatrix(List<Row> rows, List<String> checkers) {

    /**
     * @param mutant     the mutant's name ({@code db-pessimistic-without-for-update})
     * @param what       what the removed safeguard does
     * @param violations per checker, the violations it found
     * @param ran        false when the run did not get to judge this mutant (stopped, or the lab failed)
     */
    public record Row(String mutant, String what, Map<String, Long> violations, boolean ran) {

        public boolean killed() {
            return violations.values().stream().anyMatch(v -> v > 0);
        }

        /** The checkers that caught it. */
        public List<String> killers() {
            return violations.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        }
    }

    public MutationMatrix {
        rows = List.copyOf(rows);
        checkers = List.copyOf(checkers);
    }

    /** The matrix of a mutate run; {@code whatByMutant} says what each mutant's missing safeguard does. */
    public static MutationMatrix of(RunResults results, Map<String, String> whatByMutant) {
        Set<String> checkers = new LinkedHashSet<>();
        List<Row> rows = new ArrayList<>();
        Map<String, StrategyResult> judged = new LinkedHashMap<>();
        results.strategies().forEach(r -> judged.put(r.name(), r));
        judged.values().forEach(r -> r.checks().forEach(v -> checkers.add(v.name())));
        whatByMutant.forEach((mutant, what) -> {
            StrategyResult r = judged.get(mutant);
            Map<String, Long> violations = new LinkedHashMap<>();
            if (r != null) {
                for (Verdict v : r.checks()) {
                    violations.put(v.name(), v.valid() ? 0L : Math.max(1, v.violations()));
                }
            }
            rows.add(new Row(mutant, what, violations, r != null));
        });
        return new MutationMatrix(rows, List.copyOf(checkers));
    }

    /** Mutants no checker caught, or that were not judged at all. */
    public List<String> survivors() {
        return rows.stream().filter(r -> !r.killed()).map(Row::mutant).toList();
    }

    /** The matrix for the terminal: a column per checker (numbered, named below), "." where it saw nothing. */
    public String text() {
        int width = rows.stream().mapToInt(r -> r.mutant().length()).max().orElse(6);
        StringBuilder s = new StringBuilder();
        s.append(String.format("%-" + width + "s", "mutant"));
        for (int i = 0; i < checkers.size(); i++) {
            s.append(String.format("%7s", "c" + (i + 1)));
        }
        s.append("  verdict\n");
        for (Row r : rows) {
            s.append(String.format("%-" + width + "s", r.mutant()));
            for (String c : checkers) {
                Long v = r.violations().get(c);
                s.append(String.format("%7s", v == null ? "-" : v == 0 ? "." : String.valueOf(v)));
            }
            s.append("  ").append(!r.ran() ? "NOT RUN" : r.killed() ? "killed" : "SURVIVED").append('\n');
        }
        for (int i = 0; i < checkers.size(); i++) {
            s.append("c").append(i + 1).append(" ").append(checkers.get(i)).append('\n');
        }
        return s.toString();
    }

    /** A self-contained page with the matrix, each mutant's missing safeguard, and a link to the run's report. */
    public String html(String title) {
        StringBuilder s = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(HtmlReport.esc(title)).append("</title><style>"
                        + "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:center}td.l{text-align:left}"
                        + "td.k{background:#d6f5d6}td.s{background:#f8d0d0;font-weight:bold}"
                        + "</style></head><body><h1>").append(HtmlReport.esc(title)).append("</h1>")
                .append("<p>Each row is a safe strategy with one safeguard removed; a cell counts the violations a "
                        + "checker found. A mutant no checker catches is a hole in the lab. "
                        + "<a href=\"").append(RunBundle.INDEX_HTML).append("\">The run's report</a> has every "
                        + "mutant's counterexamples.</p><table><tr><th>mutant</th><th>safeguard removed</th>");
        checkers.forEach(c -> s.append("<th>").append(HtmlReport.esc(c)).append("</th>"));
        s.append("<th>verdict</th></tr>");
        for (Row r : rows) {
            s.append("<tr><td class=\"l\">").append(HtmlReport.esc(r.mutant())).append("</td><td class=\"l\">")
                    .append(HtmlReport.esc(r.what())).append("</td>");
            for (String c : checkers) {
                Long v = r.violations().get(c);
                s.append(v != null && v > 0 ? "<td class=\"k\">" + v : "<td>" + (v == null ? "-" : "")).append("</td>");
            }
            s.append(r.killed() ? "<td class=\"k\">killed" : "<td class=\"s\">" + (r.ran() ? "SURVIVED" : "NOT RUN"))
                    .append("</td></tr>");
        }
        return s.append("</table></body></html>\n").toString();
    }
}
