package shoplab.checks;

import org.HdrHistogram.Histogram;
import shoplab.history.Op;
import shoplab.history.Outcome;

import java.util.List;

/**
 * What the load achieved for one operation kind: throughput, successes, errors and latency percentiles,
 * so a correctness verdict can be read next to the load that produced it.
 *
 * @param attempts          operations of that kind
 * @param attemptsPerSecond attempts over the span from the first start to the last end
 * @param successfulOrders  operations that ended {@link Outcome#OK}
 * @param p50Ms             median latency, ms
 * @param p95Ms             95th percentile latency, ms
 * @param p99Ms             99th percentile latency, ms
 * @param errors            operations that ended {@link Outcome#UNKNOWN}
 */
public record LoadFigures(long attempts, double attemptsPerSecond, long successfulOrders, double p50Ms,
                          double p95Ms, double p99Ms, long errors) {

    /** The figures of the ops whose {@code f} is {@code f} (normally {@link Op#BUY}). */
    public static LoadFigures of(List<Op> ops, String f) {
        List<Op> mine = ops.stream().filter(op -> op.f().equals(f)).toList();
        if (mine.isEmpty()) {
            return new LoadFigures(0, 0, 0, 0, 0, 0, 0);
        }
        Histogram latency = new Histogram(3);
        long ok = 0;
        long errors = 0;
        long firstStart = Long.MAX_VALUE;
        long lastEnd = Long.MIN_VALUE;
        for (Op op : mine) {
            latency.recordValue(Math.max(0, op.latencyMs()));
            if (op.outcome() == Outcome.OK) {
                ok++;
            } else if (op.outcome() == Outcome.UNKNOWN) {
                errors++;
            }
            firstStart = Math.min(firstStart, op.startMs());
            lastEnd = Math.max(lastEnd, op.endMs());
        }
        long spanMs = Math.max(1, lastEnd - firstStart);
        return new LoadFigures(mine.size(), mine.size() / (spanMs / 1000.0), ok,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(95),
                latency.getValueAtPercentile(99), errors);
    }
}
