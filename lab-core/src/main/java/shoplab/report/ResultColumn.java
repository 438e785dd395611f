package shoplab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A column of the comparison table, shared by the text table, the HTML report and the console so all
 * three say the same: the load figures every run has, then the scenario's {@link FigureColumn}s, then the
 * verdict.
 *
 * @param header  the HTML header
 * @param brief   the text table's and the console's header
 * @param numeric right-aligned
 * @param value   the cell
 */
public record ResultColumn(String header, String brief, boolean numeric, Function<StrategyResult, String> value) {

    public static final String STRATEGY = "strategy";
    public static final String VERDICT = "verdict";

    /**
     * The columns of a run's table (text and HTML): every column, but a figure none of its strategies has
     * (a bot figure in a sale without bots) is left out rather than shown empty.
     */
    public static List<ResultColumn> of(Presentation presentation, List<StrategyResult> strategies) {
        java.util.Set<String> measured = new java.util.HashSet<>();
        strategies.forEach(s -> measured.addAll(s.figures().keySet()));
        return of(presentation, f -> measured.contains(f.figure()));
    }

    /** Every column. */
    public static List<ResultColumn> of(Presentation presentation) {
        return of(presentation, f -> true);
    }

    private static List<ResultColumn> of(Presentation presentation, java.util.function.Predicate<FigureColumn> shown) {
        List<ResultColumn> c = new ArrayList<>();
        c.add(strategy());
        c.add(new ResultColumn("unsafe", "unsafe", false, s -> s.unsafe() ? "yes" : "no"));
        c.add(number("attempts", "attempts", s -> Long.toString(s.attempts())));
        c.add(attemptsPerSecond());
        c.add(number("successful", "orders", s -> Long.toString(s.successfulOrders())));
        c.add(number("p50 ms", "p50 ms", s -> Fmt.decimal(s.p50Ms(), 1)));
        c.add(number("p95 ms", "p95 ms", s -> Fmt.decimal(s.p95Ms(), 1)));
        c.add(p99());
        c.add(number("errors", "errors", s -> Long.toString(s.errors())));
        figures(c, presentation, shown);
        c.add(verdict());
        return c;
    }

    /** The console's narrower table: rate and p99 of the load, then the same scenario columns and verdict. */
    public static List<ResultColumn> brief(Presentation presentation) {
        List<ResultColumn> c = new ArrayList<>(List.of(strategy(), attemptsPerSecond(), p99()));
        figures(c, presentation, f -> true);
        c.add(verdict());
        return c;
    }

    private static void figures(List<ResultColumn> c, Presentation presentation, java.util.function.Predicate<FigureColumn> shown) {
        for (FigureColumn f : presentation.columns()) {
            if (shown.test(f)) {
                c.add(number(f.label(), f.brief(), f::cell));
            }
        }
    }

    private static ResultColumn strategy() {
        return new ResultColumn(STRATEGY, STRATEGY, false, StrategyResult::name);
    }

    private static ResultColumn attemptsPerSecond() {
        return number("attempts/s", "attempts/s", s -> Fmt.decimal(s.attemptsPerSecond(), 1));
    }

    private static ResultColumn p99() {
        return number("p99 ms", "p99 ms", s -> Fmt.decimal(s.p99Ms(), 1));
    }

    private static ResultColumn verdict() {
        return new ResultColumn(VERDICT, VERDICT, false, Fmt::verdict);
    }

    private static ResultColumn number(String header, String brief, Function<StrategyResult, String> value) {
        return new ResultColumn(header, brief, true, value);
    }
}
