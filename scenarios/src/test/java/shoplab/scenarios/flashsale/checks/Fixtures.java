package shoplab.scenarios.flashsale.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.FinalState;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;

import java.util.List;
import java.util.Map;

/** Small builders for hand-written histories. */
final class Fixtures {

    private Fixtures() {
    }

    static Op buy(Outcome outcome, long startMs, long endMs, String user, String sku, String orderId) {
        return new Op(Op.BUY, outcome, startMs, endMs, user, sku, orderId, outcome == Outcome.OK ? 200 : 409, null);
    }

    static Op okBuy(long endMs, String user, String sku, String orderId) {
        return buy(Outcome.OK, endMs - 10, endMs, user, sku, orderId);
    }

    static SkuState sku(String sku, long initial, long db, Long redis, long sold, long held, long released) {
        return new SkuState(sku, initial, db, redis, sold, held, released);
    }

    static CheckInput input(List<Op> ops, List<Sample> samples, int perUserLimit, boolean quiesced,
                            SkuState... skus) {
        return new CheckInput(ops, List.of(), samples,
                new FinalState(quiesced, new StockSnapshot(List.of(skus), perUserLimit, 0)));
    }

    static CheckInput input(List<Op> ops, SkuState... skus) {
        return input(ops, List.of(), 1, true, skus);
    }

    static Sample stock(long atMs, double redis, double db) {
        return new Sample(atMs, Map.of(Sample.REDIS_STOCK, redis, Sample.DB_STOCK, db));
    }
}
