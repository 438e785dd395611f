package shoplab.scenarios.flashsale.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;
import shoplab.history.Op;
import shoplab.history.Outcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every order a buyer was told succeeded is in the order database exactly once once the stack drained: none
 * lost (acknowledged, then never written: a queue that dropped it, a writer that skipped it), none twice (a
 * replayed message written again, a row in two shards). Measures each stored order's time from the
 * acknowledgement to the database (0 where the order is written before the answer), and the rows in each shard.
 */
public final class OrdersStoredOnceChecker implements Checker {

    public static final String NAME = "orders-stored-once";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input) {
        OrderRecords orders = StockSnapshot.drainedOrders(input);
        if (orders == null) {
            return StockSnapshot.notJudged(NAME, "the order rows");
        }
        Map<String, Integer> rows = new HashMap<>();
        orders.stored().forEach(o -> rows.merge(o.orderId(), 1, Integer::sum));
        long lost = 0;
        long duplicated = 0;
        List<String> examples = new ArrayList<>();
        for (Op op : input.ops()) {
            if (!op.is(Op.BUY, Outcome.OK) || op.orderId() == null) {
                continue;
            }
            int n = rows.getOrDefault(op.orderId(), 0);
            if (n == 0) {
                lost++;
                examples.add(op.orderId() + " (" + op.user() + ", acknowledged at " + op.endMs() + " ms) is in no order table");
            }
        }
        for (Map.Entry<String, Integer> e : rows.entrySet()) {
            if (e.getValue() > 1) {
                duplicated += e.getValue() - 1;
                examples.add(e.getKey() + " is stored " + e.getValue() + " times");
            }
        }
        Map<String, Double> figures = new LinkedHashMap<>(ackToDatabase(orders));
        figures.put(StockFigures.ORDERS_LOST, (double) lost);
        figures.put(StockFigures.ORDERS_DUPLICATED, (double) duplicated);
        for (int i = 0; i < orders.rowsPerShard().size(); i++) { // where the rows went: the report lists each shard
            figures.put(StockFigures.ROWS_IN_SHARD + i, (double) orders.rowsPerShard().get(i));
        }
        return new Verdict(NAME, lost + duplicated == 0, lost + duplicated, examples, figures);
    }

    /** p50, p99 and max of the time from acknowledgement to the database, over the stored orders that say. */
    static Map<String, Double> ackToDatabase(OrderRecords orders) {
        long[] ms = orders.stored().stream().filter(o -> o.storedAt() != null)
                .mapToLong(o -> Math.max(0, o.storedAt() - o.createdAt())).sorted().toArray();
        if (ms.length == 0) {
            return Map.of();
        }
        return Map.of(StockFigures.ACK_TO_DB_P50_MS, (double) percentile(ms, 50),
                StockFigures.ACK_TO_DB_P99_MS, (double) percentile(ms, 99),
                StockFigures.ACK_TO_DB_MAX_MS, (double) ms[ms.length - 1]);
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

}
