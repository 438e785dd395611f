package shoplab.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

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
 * @param trade                the trade run's business counts (null for runs without a trade side):
 *                             written into results.json as top-level fields of the strategy
 */
public record StrategyResult(String name, boolean unsafe, long attempts, double attemptsPerSecond,
                             long successfulOrders, double p50Ms, double p95Ms, double p99Ms, long errors,
                             long oversold, double dbStockWritesPerUnit, long convergenceMs,
                             List<Verdict> checks, @JsonUnwrapped TradeFigures trade) {

    /**
     * What the duplicate-payment checkers counted, per guard.
     *
     * @param doubleCharges             charges beyond the first still standing for an order
     * @param doubleShipments           hand-overs to shipping beyond the first
     * @param salesMiscounted           units the sales counter is off by, over every SKU
     * @param paidAfterCloseNotRefunded charges for closed orders that were not refunded
     * @param forgedAccepted            forged notices the trade service accepted
     * @param illegalTransitions        order status moves the state machine forbids
     * @param timeoutCloses             orders the timeout job closed
     * @param timeoutCloseP99Ms         how late it closed them after their deadline, 99th percentile (real ms)
     * @param timeoutCloseMaxMs         ... and at worst
     */
    public record TradeFigures(Long doubleCharges, Long doubleShipments, Long salesMiscounted,
                               Long paidAfterCloseNotRefunded, Long forgedAccepted, Long illegalTransitions,
                               Long timeoutCloses, Long timeoutCloseP99Ms, Long timeoutCloseMaxMs) {

        /** Without the timeout job's precision. */
        public TradeFigures(Long doubleCharges, Long doubleShipments, Long salesMiscounted,
                            Long paidAfterCloseNotRefunded, Long forgedAccepted, Long illegalTransitions) {
            this(doubleCharges, doubleShipments, salesMiscounted, paidAfterCloseNotRefunded, forgedAccepted,
                    illegalTransitions, null, null, null);
        }

        boolean none() {
            return java.util.stream.Stream.of(doubleCharges, doubleShipments, salesMiscounted, paidAfterCloseNotRefunded,
                    forgedAccepted, illegalTransitions, timeoutCloses, timeoutCloseP99Ms, timeoutCloseMaxMs)
                    .allMatch(java.util.Objects::isNull);
        }
    }

    public StrategyResult {
        checks = List.copyOf(checks);
        if (trade != null && trade.none()) {
            trade = null; // read back from a run without a trade side: the unwrapped fields were absent
        }
    }

    /** A result without a trade side. */
    public StrategyResult(String name, boolean unsafe, long attempts, double attemptsPerSecond, long successfulOrders,
                          double p50Ms, double p95Ms, double p99Ms, long errors, long oversold,
                          double dbStockWritesPerUnit, long convergenceMs, List<Verdict> checks) {
        this(name, unsafe, attempts, attemptsPerSecond, successfulOrders, p50Ms, p95Ms, p99Ms, errors, oversold,
                dbStockWritesPerUnit, convergenceMs, checks, null);
    }

    public boolean allValid() {
        return checks.stream().allMatch(Verdict::valid);
    }
}
