package shoplab.report;

import shoplab.checks.Verdict;

import java.util.List;

/**
 * One strategy's row in a run's results: the load figures measured from the client history, the
 * consistency figures measured from the final state, and the checkers' verdicts. Field names are the
 * {@code results.json} contract.
 *
 * @param name                 the strategy
 * @param unsafe               whether the strategy is deliberately unsafe (its violations are expected)
 * @param attempts             purchase attempts made
 * @param attemptsPerSecond    purchase attempts completed per second, first invoke to last completion
 * @param successfulOrders     purchase attempts acknowledged (ok)
 * @param p50Ms                purchase latency percentiles, milliseconds
 * @param p95Ms                ...
 * @param p99Ms                ...
 * @param errors               purchase attempts without a definite answer (timeouts, 5xx)
 * @param oversold             units acknowledged beyond the stock
 * @param dbStockWritesPerUnit stock-row writes in the DB per unit sold (sold + held + released)
 * @param convergenceMs        last sale to DB stock equal to Redis stock; 0 without Redis, -1 if never
 * @param checks               the checkers' verdicts
 */
public record StrategyResult(String name, boolean unsafe, long attempts, double attemptsPerSecond,
                             long successfulOrders, double p50Ms, double p95Ms, double p99Ms, long errors,
                             long oversold, double dbStockWritesPerUnit, long convergenceMs,
                             List<Verdict> checks) {

    public StrategyResult {
        checks = List.copyOf(checks);
    }

    public boolean allValid() {
        return checks.stream().allMatch(Verdict::valid);
    }
}
