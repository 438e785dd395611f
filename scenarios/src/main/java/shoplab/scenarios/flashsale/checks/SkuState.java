package shoplab.scenarios.flashsale.checks;

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
 */
public record SkuState(String sku, long initialStock, long dbStock, Long redisStock, long sold, long held,
                       long released) {
}
