package shoplab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The comparison table's columns, shared by the text table and the HTML report so both say the same:
 * the load figures every run has, then the business figures of the run's kind (stock: oversold, DB
 * writes per unit, convergence; trade: double charges, double shipments...), then the verdict.
 *
 * @param header   the HTML header
 * @param brief    the text table's header
 * @param numeric  right-aligned
 * @param value    the cell
 */
record ResultColumns(String header, String brief, boolean numeric, Function<StrategyResult, String> value) {

    static List<ResultColumns> of(List<StrategyResult> strategies) {
        List<ResultColumns> c = new ArrayList<>();
        c.add(new ResultColumns("strategy", "strategy", false, StrategyResult::name));
        c.add(new ResultColumns("unsafe", "unsafe", false, s -> s.unsafe() ? "yes" : "no"));
        c.add(number("attempts", "attempts", s -> Long.toString(s.attempts())));
        c.add(number("attempts/s", "attempts/s", s -> Fmt.decimal(s.attemptsPerSecond(), 1)));
        c.add(number("successful", "orders", s -> Long.toString(s.successfulOrders())));
        c.add(number("p50 ms", "p50 ms", s -> Fmt.decimal(s.p50Ms(), 1)));
        c.add(number("p95 ms", "p95 ms", s -> Fmt.decimal(s.p95Ms(), 1)));
        c.add(number("p99 ms", "p99 ms", s -> Fmt.decimal(s.p99Ms(), 1)));
        c.add(number("errors", "errors", s -> Long.toString(s.errors())));
        if (strategies.stream().anyMatch(s -> s.trade() != null)) {
            c.add(trade("double charges", "dbl charge", StrategyResult.TradeFigures::doubleCharges));
            c.add(trade("double shipments", "dbl ship", StrategyResult.TradeFigures::doubleShipments));
            c.add(trade("sales miscounted", "sales off", StrategyResult.TradeFigures::salesMiscounted));
            c.add(trade("paid after close, not refunded", "unrefunded", StrategyResult.TradeFigures::paidAfterCloseNotRefunded));
            c.add(trade("forged accepted", "forged ok", StrategyResult.TradeFigures::forgedAccepted));
            c.add(trade("illegal transitions", "illegal", StrategyResult.TradeFigures::illegalTransitions));
            c.add(trade("timeout closes", "closes", StrategyResult.TradeFigures::timeoutCloses));
            c.add(trade("close late p99 ms", "late p99", StrategyResult.TradeFigures::timeoutCloseP99Ms));
        } else {
            c.add(number("oversold", "oversold", s -> Long.toString(s.oversold())));
            c.add(number("DB stock writes / unit", "writes/unit", s -> Fmt.decimal(s.dbStockWritesPerUnit(), 2)));
            c.add(number("convergence ms", "conv. ms", s -> Fmt.convergence(s.convergenceMs())));
        }
        c.add(new ResultColumns("verdict", "verdict", false, Fmt::verdict));
        return c;
    }

    private static ResultColumns number(String header, String brief, Function<StrategyResult, String> value) {
        return new ResultColumns(header, brief, true, value);
    }

    private static ResultColumns trade(String header, String brief, Function<StrategyResult.TradeFigures, Long> figure) {
        return number(header, brief, s -> {
            Long v = s.trade() == null ? null : figure.apply(s.trade());
            return v == null ? "n/a" : v.toString();
        });
    }
}
