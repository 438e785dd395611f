package shoplab.scenarios.flashsale.checks;

import shoplab.checks.CheckInput;

import java.util.List;

/**
 * The stock side of a stack after the load: what the flash-sale checkers judge, the final state's snapshot
 * of a flash sale.
 *
 * @param skus          per-SKU stock and order figures
 * @param perUserLimit  units one user may buy of one SKU
 * @param dbStockWrites how many times the stock rows were written (UPDATEs on the stock table)
 * @param orders        the order rows and the order buffer, read once the stack was quiet; null before
 */
public record StockSnapshot(List<SkuState> skus, int perUserLimit, long dbStockWrites, OrderRecords orders) {

    public StockSnapshot {
        skus = List.copyOf(skus);
    }

    /** A snapshot without the order rows (read during a run, or hand-written). */
    public StockSnapshot(List<SkuState> skus, int perUserLimit, long dbStockWrites) {
        this(skus, perUserLimit, dbStockWrites, null);
    }

    /** The snapshot a checker judges; a run without one is a lab error, never a pass. */
    static StockSnapshot of(CheckInput input) {
        StockSnapshot s = input.finalState().snapshot(StockSnapshot.class);
        if (s == null) {
            throw new IllegalStateException("the run left no stock snapshot to judge");
        }
        return s;
    }

    /**
     * The order records to judge, or null when the stack did not drain (they were not read): then the checker's
     * verdict is {@link #notJudged}.
     */
    static OrderRecords drainedOrders(CheckInput input) {
        return input.finalState().quiesced() ? of(input).orders() : null;
    }

    static shoplab.checks.Verdict notJudged(String checker, String what) {
        return new shoplab.checks.Verdict(checker, false, 1, List.of("the stack did not quiesce in time: " + what
                + " were not judged"), java.util.Map.of());
    }

    /** Units that went through an order: sold, held or released. */
    public long unitsOrdered() {
        return skus.stream().mapToLong(s -> s.sold() + s.held() + s.released()).sum();
    }
}
