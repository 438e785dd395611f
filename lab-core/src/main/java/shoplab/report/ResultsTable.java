package shoplab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The comparison of a run's strategies as plain fixed-width text, for the CLI to print at the end of a
 * run (and for logs and terminals, where the HTML report is not at hand). Same columns and wording as
 * the report's comparison table.
 */
public final class ResultsTable {

    private ResultsTable() {
    }

    /**
     * The table, a header line, a rule and one line per strategy, each ending with a newline; the
     * scenario's columns as its presentation says.
     */
    public static String render(RunResults results, Presentation presentation) {
        List<ResultColumn> columns = ResultColumn.of(presentation, results.strategies());
        List<String[]> rows = new ArrayList<>();
        rows.add(columns.stream().map(ResultColumn::brief).toArray(String[]::new));
        for (StrategyResult s : results.strategies()) {
            rows.add(columns.stream().map(c -> c.value().apply(s)).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
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
            line(out, rows.get(r), widths, columns);
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

    private static void line(StringBuilder out, String[] row, int[] widths, List<ResultColumn> columns) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                l.append("  ");
            }
            boolean left = !columns.get(i).numeric();
            String pad = " ".repeat(widths[i] - row[i].length());
            l.append(left ? row[i] + pad : pad + row[i]);
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }
}
