package shoplab.scenarios.flashsale;

import shoplab.checks.CheckInput;
import shoplab.checks.FinalState;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;
import shoplab.scenarios.flashsale.checks.OrderRecords;
import shoplab.scenarios.flashsale.checks.SkuState;
import shoplab.scenarios.flashsale.checks.StockSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A flash sale as a history of at least the operations asked for (a buyer's last ones may go over by three),
 * generated instead of run: buyers arrive every few milliseconds, view the page, buy (about a fifth get a unit), most winners pay, a tenth press buy again and are refused,
 * the unpaid holds are released after the spike; samples every 250 ms show Redis and the DB agreeing; every
 * acknowledged order is stored once, its buffer status agreeing (the queued path). A
 * correct sale, so every checker must hold on it: the checker benchmark's input at any size.
 */
final class SyntheticSale {

    static final String SKU = "sku-1";

    private SyntheticSale() {
    }

    static CheckInput generate(int operations, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        // about 2.3 operations a buyer (page, buy, a pay for a sixth, a second press for a tenth): a fifth get a unit
        long stock = Math.max(1, operations / 12);
        List<Op> ops = new ArrayList<>(operations + 16);
        long left = stock;
        long sold = 0;
        List<Long> releaseStarts = new ArrayList<>();
        List<OrderRecords.Stored> stored = new ArrayList<>();
        Map<String, String> buffer = new java.util.HashMap<>();
        long t = 1_000;
        for (int i = 0; ops.size() < operations; i++) {
            String user = "u-" + i;
            t += 1 + r.nextInt(3);
            ops.add(new Op(Op.PAGE, Outcome.OK, t, t + 2, user, SKU, null, 200, null));
            long start = t + 3;
            if (left > 0) {
                left--;
                String order = "o-" + i;
                long acked = start + 5 + r.nextInt(20);
                ops.add(new Op(Op.BUY, Outcome.OK, start, acked, user, SKU, order, 201, null));
                String status;
                if (r.nextDouble() < 0.8) {
                    sold++;
                    status = "PAID";
                    ops.add(new Op(Op.PAY, Outcome.OK, start + 30, start + 40, user, SKU, order, 200, null));
                } else {
                    status = "RELEASED";
                    releaseStarts.add(-1L); // released after the spike, below
                }
                stored.add(new OrderRecords.Stored(order, status, acked, acked + 20 + r.nextInt(200))); // the queued path's writer
                buffer.put(order, status);
            } else {
                ops.add(new Op(Op.BUY, Outcome.FAIL, start, start + 4, user, SKU, null, 409, "SOLD_OUT"));
            }
            if (r.nextDouble() < 0.1) {
                ops.add(new Op(Op.BUY, Outcome.FAIL, start + 50, start + 54, user, SKU, null, 409,
                        left > 0 ? "LIMIT_REACHED" : "SOLD_OUT"));
            }
        }
        long end = t + 1_000;
        long released = releaseStarts.size();
        for (int i = 0; i < releaseStarts.size(); i++) {
            releaseStarts.set(i, end + i % 1_000);
        }
        long finalStock = stock - sold;
        List<Sample> samples = new ArrayList<>();
        for (long at = 0; at <= end + 2_000; at += 250) {
            double s = at < 1_000 ? stock : at <= end ? Math.max(0, stock - sold - released) : finalStock;
            samples.add(new Sample(at, Map.of(Sample.REDIS_STOCK, s, Sample.DB_STOCK, s, Sample.SOLD, (double) sold,
                    Sample.HELD, 0.0)));
        }
        SkuState state = new SkuState(SKU, stock, finalStock, finalStock, sold, 0, released, releaseStarts);
        return new CheckInput(ops, List.of(), samples,
                new FinalState(true, new StockSnapshot(List.of(state), 1, sold + released,
                        new OrderRecords(stored, buffer, List.of((long) stored.size())))));
    }
}
