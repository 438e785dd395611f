package shoplab.checks;

import shoplab.checks.payment.TradeState;

import java.util.List;

/**
 * Snapshots of the stores taken after the stack was quiesced.
 *
 * @param skus          per-SKU stock and order figures
 * @param perUserLimit  units one user may buy of one SKU
 * @param dbStockWrites how many times the stock rows were written (UPDATEs on the stock table)
 * @param quiesced      whether the stack drained within its time bound (holds expired, queue empty)
 * @param trade         the trade side (orders, the provider's ledger, notices, sales) when the run had
 *                      one, else null
 */
public record FinalState(List<SkuState> skus, int perUserLimit, long dbStockWrites, boolean quiesced,
                         TradeState trade) {

    public FinalState {
        skus = List.copyOf(skus);
    }

    /** A run without a trade side (the flash sale). */
    public FinalState(List<SkuState> skus, int perUserLimit, long dbStockWrites, boolean quiesced) {
        this(skus, perUserLimit, dbStockWrites, quiesced, null);
    }

    public FinalState withTrade(TradeState t) {
        return new FinalState(skus, perUserLimit, dbStockWrites, quiesced, t);
    }
}
