package shoplab.scenarios.flashsale.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * On the queued order path, the Redis order buffer (where buyers read their order's status) and the order
 * database agree once the queue drained: every buffered order is in the database with the same status
 * (CREATED is held there), none is still QUEUED, and the database has no order the buffer does not. Without
 * a buffer there is nothing to compare (figure {@code bufferedOrders} 0).
 */
public final class BufferAgreesChecker implements Checker {

    public static final String NAME = "buffer-agrees-with-db";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input) {
        OrderRecords orders = StockSnapshot.drainedOrders(input);
        if (orders == null) {
            return StockSnapshot.notJudged(NAME, "the buffer's orders");
        }
        if (orders.buffer() == null) {
            return Verdict.ok(NAME, Map.of(StockFigures.BUFFERED_ORDERS, 0.0));
        }
        Map<String, String> db = new HashMap<>();
        orders.stored().forEach(o -> db.put(o.orderId(), o.status()));
        long violations = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, String> e : orders.buffer().entrySet()) {
            String inDb = db.get(e.getKey());
            String expected = switch (e.getValue()) {
                case "CREATED" -> "HELD";
                case "QUEUED" -> null; // after the drain, nothing may still wait
                default -> e.getValue();
            };
            if (inDb == null || !inDb.equals(expected)) {
                violations++;
                examples.add(e.getKey() + ": buffer " + e.getValue() + ", database " + (inDb == null ? "no row" : inDb));
            }
        }
        for (String id : db.keySet()) {
            if (!orders.buffer().containsKey(id)) {
                violations++;
                examples.add(id + ": database " + db.get(id) + ", not in the buffer");
            }
        }
        return new Verdict(NAME, violations == 0, violations, examples,
                Map.of(StockFigures.BUFFERED_ORDERS, (double) orders.buffer().size()));
    }
}
