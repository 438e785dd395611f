package shoplab.run;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.LoadFigures;
import shoplab.checks.Verdict;
import shoplab.history.History;
import shoplab.report.StrategyResult;

import java.util.List;

/** Turns one strategy's history and final state into its result row: load figures plus verdicts. */
public final class StrategyJudge {

    private StrategyJudge() {
    }

    public static StrategyResult judge(String strategy, boolean unsafe, History history, FinalState state,
                                       List<Checker> checkers, String measuredOperation) {
        CheckInput in = new CheckInput(history.ops(), history.faults(), history.samples(), state);
        List<Verdict> verdicts = checkers.stream().map(c -> c.check(in)).toList();
        LoadFigures load = LoadFigures.of(in.ops(), measuredOperation);
        long units = state.skus().stream().mapToLong(s -> s.sold() + s.held() + s.released()).sum();
        double writesPerUnit = units == 0 ? 0 : (double) state.dbStockWrites() / units;
        return new StrategyResult(strategy, unsafe, load.attempts(), load.attemptsPerSecond(),
                load.successfulOrders(), load.p50Ms(), load.p95Ms(), load.p99Ms(), load.errors(),
                Math.round(figure(verdicts, "oversold", 0)), writesPerUnit,
                Math.round(figure(verdicts, "convergenceMs", 0)), verdicts,
                state.trade() == null ? null : tradeFigures(verdicts, state.trade().timeouts()));
    }

    /** The duplicate-payment checkers' counts, as results.json's per-guard fields. */
    private static StrategyResult.TradeFigures tradeFigures(List<Verdict> verdicts,
                                                            shoplab.checks.payment.TradeState.TimeoutPrecision t) {
        return new StrategyResult.TradeFigures(count(verdicts, "doubleCharges"), count(verdicts, "doubleShipments"),
                count(verdicts, "salesMiscounted"), count(verdicts, "paidAfterCloseNotRefunded"),
                count(verdicts, "forgedAccepted"), count(verdicts, "illegalTransitions"),
                t == null ? null : t.closes(), t == null ? null : t.p99Ms(), t == null ? null : t.maxMs());
    }

    private static Long count(List<Verdict> verdicts, String name) {
        double v = figure(verdicts, name, Double.NaN);
        return Double.isNaN(v) ? null : Math.round(v);
    }

    private static double figure(List<Verdict> verdicts, String name, double otherwise) {
        return verdicts.stream().filter(v -> v.figures().containsKey(name)).mapToDouble(v -> v.figures().get(name))
                .findFirst().orElse(otherwise);
    }
}
