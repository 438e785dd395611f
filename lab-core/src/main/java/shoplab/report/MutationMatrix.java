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
     * @param equivalent null, or why no checker can see this removal (a second line of defence)
     */
    public record Row(String mutant, String what, Map<String, Long> violations, boolean ran, String equivalent) {

        /** What the matrix says of it. */
        public String verdict() {
            return !ran ? "NOT RUN" : killed() ? "killed" : equivalent != null ? "equivalent" : "SURVIVED";
        }

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

    /** A mutant as the matrix lists it: what its missing safeguard does, and why it may survive (or null). */
    public record Mutant(String name, String what, String equivalent) {
    }

    /** The matrix of a mutate run over these mutants, in their order. */
    public static MutationMatrix of(RunResults results, List<Mutant> mutants) {
        Set<String> checkers = new LinkedHashSet<>();
        List<Row> rows = new ArrayList<>();
        Map<String, StrategyResult> judged = new LinkedHashMap<>();
        results.strategies().forEach(r -> judged.put(r.name(), r));
        judged.values().forEach(r -> r.checks().forEach(v -> checkers.add(v.name())));
        for (Mutant m : mutants) {
            StrategyResult r = judged.get(m.name());
            Map<String, Long> violations = new LinkedHashMap<>();
            if (r != null) {
                for (Verdict v : r.checks()) {
                    violations.put(v.name(), v.valid() ? 0L : Math.max(1, v.violations()));
                }
            }
            rows.add(new Row(m.name(), m.what(), violations, r != null, m.equivalent()));
        }
        return new MutationMatrix(rows, List.copyOf(checkers));
    }

    /** Mutants no checker caught (but for the equivalent ones), or that were not judged at all. */
    public List<String> survivors() {
        return rows.stream().filter(r -> !r.ran() || (!r.killed() && r.equivalent() == null)).map(Row::mutant).toList();
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
            s.append("  ").append(r.verdict()).append('\n');
        }
        rows.stream().filter(r -> r.equivalent() != null && !r.killed())
                .forEach(r -> s.append(r.mutant()).append(" is equivalent: ").append(r.equivalent()).append('\n'));
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
            s.append(r.killed() ? "<td class=\"k\">" : r.verdict().equals("equivalent") ? "<td title=\"" + HtmlReport.esc(r.equivalent()) + "\">"
                    : "<td class=\"s\">").append(r.verdict()).append("</td></tr>");
            if (r.equivalent() != null && !r.killed()) {
                s.append("<tr><td></td><td class=\"l\" colspan=\"").append(checkers.size() + 2).append("\">equivalent: ")
                        .append(HtmlReport.esc(r.equivalent())).append("</td></tr>");
            }
        }
        return s.append("</table></body></html>\n").toString();
    }
}
