package shoplab.scenarios.flashsale.checks;

import java.util.List;

/**
 * What the stack holds for one SKU after it was quiesced (load stopped, holds expired, queue drained).
 *
 * @param sku          the SKU
 * @param initialStock the stock it started with
 * @param dbStock      the stock row in the database
 * @param redisStock   the stock key in Redis, or null when the strategy keeps no stock in Redis
 * @param sold         units in orders that were paid (confirmed)
 * @param held         units in orders still held (neither paid nor released)
 * @param released     units in orders released back to stock (abandoned, hold expired)
 * @param releaseStartsMs per released (or releasing) unit, when its release began, run-clock ms, oldest
 *                     first; null when not known (then every release counts as if it came first)
 */
public record SkuState(String sku, long initialStock, long dbStock, Long redisStock, long sold, long held,
                       long released, List<Long> releaseStartsMs) {

    public SkuState {
        releaseStartsMs = releaseStartsMs == null ? null : List.copyOf(releaseStartsMs);
    }

    /** A state without release times (hand-written snapshots). */
    public SkuState(String sku, long initialStock, long dbStock, Long redisStock, long sold, long held, long released) {
        this(sku, initialStock, dbStock, redisStock, sold, held, released, null);
    }

    /**
     * Units whose release had begun by {@code atMs}: the most that could be back in stock then. Without
     * release times, every release (the lenient view).
     */
    public long releasedBy(long atMs) {
        if (releaseStartsMs == null) {
            return released;
        }
        int lo = 0;
        int hi = releaseStartsMs.size();
        while (lo < hi) { // the first start after atMs
            int mid = (lo + hi) >>> 1;
            if (releaseStartsMs.get(mid) <= atMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
