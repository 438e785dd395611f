package shoplab.run;

import shoplab.checks.CheckInput;
import shoplab.checks.FinalState;
import shoplab.checks.LoadFigures;
import shoplab.checks.Verdict;
import shoplab.history.History;
import shoplab.report.StrategyResult;

import java.util.List;

/**
 * Turns one strategy's history and final state into its result row: the load figures of the scenario's
 * measured operation, the scenario's checkers' verdicts, and the figures the scenario takes from them.
 */
public final class StrategyJudge {

    private StrategyJudge() {
    }

    public static StrategyResult judge(String strategy, Scenario scenario, History history, FinalState state) {
        CheckInput in = new CheckInput(history.ops(), history.faults(), history.samples(), state);
        List<Verdict> verdicts = scenario.checkers().stream().map(c -> c.check(in)).toList();
        LoadFigures load = LoadFigures.of(in.ops(), scenario.measuredOperation());
        return new StrategyResult(strategy, scenario.unsafeStrategies().contains(strategy), load.attempts(),
                load.attemptsPerSecond(), load.successfulOrders(), load.p50Ms(), load.p95Ms(), load.p99Ms(),
                load.errors(), scenario.figures(verdicts, in), verdicts, state.quiesced());
    }
}
