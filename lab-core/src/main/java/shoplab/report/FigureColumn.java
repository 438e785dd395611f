package shoplab.report;

import java.util.Objects;

/**
 * A column a scenario adds to the comparison: one of the figures it puts in each strategy's results,
 * how its header reads and how its value is written. The text table, the HTML report and the console's
 * verdicts table all draw it from this one descriptor; it is saved in the bundle's run.json, so a report
 * rebuilt offline needs no scenario code.
 *
 * @param label  the HTML header, e.g. {@code DB stock writes / unit}
 * @param brief  the narrow header of the text table and the console, e.g. {@code writes/unit}
 * @param figure the key of the figure in {@link StrategyResult#figures()}
 * @param format how the value is written
 */
public record FigureColumn(String label, String brief, String figure, Format format) {

    /** How a figure is written in a cell. */
    public enum Format {
        /** A whole number. */
        COUNT,
        /** Two decimals, e.g. a ratio. */
        TWO_DECIMALS,
        /** Milliseconds, or {@code never} for a negative value (it did not happen). */
        MILLIS_OR_NEVER
    }

    public FigureColumn {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(brief, "brief");
        Objects.requireNonNull(figure, "figure");
        Objects.requireNonNull(format, "format");
    }

    /** The cell of a strategy; {@code n/a} when its results carry no such figure. */
    public String cell(StrategyResult s) {
        Number v = s.figures().get(figure);
        if (v == null) {
            return "n/a";
        }
        return switch (format) {
            case COUNT -> Long.toString(Math.round(v.doubleValue()));
            case TWO_DECIMALS -> Fmt.decimal(v.doubleValue(), 2);
            case MILLIS_OR_NEVER -> Fmt.convergence(Math.round(v.doubleValue()));
        };
    }

    /** A column of whole numbers. */
    public static FigureColumn count(String label, String brief, String figure) {
        return new FigureColumn(label, brief, figure, Format.COUNT);
    }

    /** A column of ratios, two decimals. */
    public static FigureColumn ratio(String label, String brief, String figure) {
        return new FigureColumn(label, brief, figure, Format.TWO_DECIMALS);
    }
}
