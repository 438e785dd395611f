package shoplab.scenarios.dtx.checks;

/**
 * A thing a participant holds units of: a SKU's stock, or one coupon code (initial 1).
 *
 * @param key     the SKU or the coupon code
 * @param initial units before the load
 * @param free    units free now (neither HELD nor TAKEN)
 */
public record Item(String key, long initial, long free) {
}
