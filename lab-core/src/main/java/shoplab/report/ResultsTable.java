package shoplab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The comparison of a run's strategies as plain fixed-width text, for the CLI to print at the end of a
 * run (and for logs and terminals, where the HTML report is not at hand). Same columns and wording as
 * the report's comparison table.
 */
public final class ResultsTable {

    private static final String[] HEADER = {"strategy", "unsafe", "attempts", "attempts/s", "orders", "p50 ms",
            "p95 ms", "p99 ms", "errors", "oversold", "writes/unit", "conv. ms", "verdict"};

    private ResultsTable() {
    }

    /** The table, a header line, a rule and one line per strategy, each ending with a newline. */
    public static String render(RunResults results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (StrategyResult s : results.strategies()) {
            rows.add(new String[] {
                    s.name(),
                    s.unsafe() ? "yes" : "no",
                    Long.toString(s.attempts()),
                    Fmt.decimal(s.attemptsPerSecond(), 1),
                    Long.toString(s.successfulOrders()),
                    Fmt.decimal(s.p50Ms(), 1),
                    Fmt.decimal(s.p95Ms(), 1),
                    Fmt.decimal(s.p99Ms(), 1),
                    Long.toString(s.errors()),
                    Long.toString(s.oversold()),
                    Fmt.decimal(s.dbStockWritesPerUnit(), 2),
                    Fmt.convergence(s.convergenceMs()),
                    Fmt.verdict(s)});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        if (!results.complete()) {
            out.append("INCOMPLETE run: not every strategy finished\n");
        }
        for (int r = 0; r < rows.size(); r++) {
            line(out, rows.get(r), widths);
            if (r == 0) {
                int total = 0;
                for (int w : widths) {
                    total += w;
                }
                out.append("-".repeat(total + 2 * (widths.length - 1))).append('\n');
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] row, int[] widths) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                l.append("  ");
            }
            boolean left = i == 0 || i == 1 || i == row.length - 1;
            String pad = " ".repeat(widths[i] - row[i].length());
            l.append(left ? row[i] + pad : pad + row[i]);
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }
}
