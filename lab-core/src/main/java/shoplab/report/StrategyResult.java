package shoplab.report;

import shoplab.checks.Verdict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One strategy's row in a run's results: the load figures measured from the client history (the same for
 * every scenario), the scenario's own figures, and the checkers' verdicts. Field names are the
 * {@code results.json} contract.
 *
 * @param name              the strategy
 * @param unsafe            whether the strategy is deliberately unsafe (its violations are expected)
 * @param attempts          attempts of the scenario's measured operation
 * @param attemptsPerSecond attempts completed per second, first invoke to last completion
 * @param successfulOrders  attempts acknowledged (ok)
 * @param p50Ms             latency percentiles of the measured operation, milliseconds
 * @param p95Ms             ...
 * @param p99Ms             ...
 * @param errors            attempts without a definite answer (timeouts, 5xx)
 * @param figures           the scenario's figures by name (e.g. the flash sale's {@code oversold}), in the
 *                          scenario's order; its {@link FigureColumn}s name them
 * @param checks            the checkers' verdicts
 * @param drained           whether the stack had drained (quiesced) when it was judged; false: the verdicts
 *                          judged a stack with work still in flight and may change; null: not recorded
 *                          (bundles written before it was)
 */
public record StrategyResult(String name, boolean unsafe, long attempts, double attemptsPerSecond,
                             long successfulOrders, double p50Ms, double p95Ms, double p99Ms, long errors,
                             Map<String, Number> figures, List<Verdict> checks, Boolean drained) {

    public StrategyResult {
        checks = List.copyOf(checks);
        figures = normalized(figures == null ? Map.of() : figures);
    }

    /** A result whose stack drained before it was judged. */
    public StrategyResult(String name, boolean unsafe, long attempts, double attemptsPerSecond, long successfulOrders,
                          double p50Ms, double p95Ms, double p99Ms, long errors, Map<String, Number> figures,
                          List<Verdict> checks) {
        this(name, unsafe, attempts, attemptsPerSecond, successfulOrders, p50Ms, p95Ms, p99Ms, errors, figures, checks, true);
    }

    /** Judged on a stack that had not drained: its verdicts may not be final. */
    public boolean undrained() {
        return Boolean.FALSE.equals(drained);
    }

    public boolean allValid() {
        return checks.stream().allMatch(Verdict::valid);
    }

    /**
     * Whole numbers as longs, the rest as doubles, in the given order: a result reads back from
     * results.json equal to the one written (JSON does not say whether 3 was an int, a long or 3.0).
     */
    private static Map<String, Number> normalized(Map<String, Number> figures) {
        Map<String, Number> out = new LinkedHashMap<>();
        figures.forEach((k, v) -> out.put(k, normalized(v.doubleValue())));
        return Collections.unmodifiableMap(out);
    }

    private static Number normalized(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) { // exactly a long; NaN and infinities are not
            return (long) v; // not a conditional expression: that would promote the long back to a double
        }
        return v;
    }
}
