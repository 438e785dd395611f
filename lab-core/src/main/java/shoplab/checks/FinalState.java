package shoplab.checks;

import java.util.List;

/**
 * Snapshots of the stores taken after the stack was quiesced.
 *
 * @param skus          per-SKU stock and order figures
 * @param perUserLimit  units one user may buy of one SKU
 * @param dbStockWrites how many times the stock rows were written (UPDATEs on the stock table)
 * @param quiesced      whether the stack drained within its time bound (holds expired, queue empty)
 */
public record FinalState(List<SkuState> skus, int perUserLimit, long dbStockWrites, boolean quiesced) {

    public FinalState {
        skus = List.copyOf(skus);
    }
}
