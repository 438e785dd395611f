package shoplab.scenarios.dtx.checks;

import java.util.Objects;

/**
 * The trade's row: status PAID, FAILED or PENDING; coupon null when the shopper used none; decidedAtMs 0
 * while PENDING.
 *
 * @param id          the purchase id (the global transaction's business key)
 * @param sku         the SKU one unit of which it buys
 * @param coupon      the shopper's coupon code, or null when it used none
 * @param status      {@link #PAID}, {@link #FAILED} or {@link #PENDING}
 * @param createdAtMs when the trade wrote the row, wall clock ms
 * @param decidedAtMs when it became PAID or FAILED, wall clock ms; 0 while PENDING
 */
public record Purchase(String id, String sku, String coupon, String status, long createdAtMs, long decidedAtMs) {

    public static final String PAID = "PAID";
    public static final String FAILED = "FAILED";
    public static final String PENDING = "PENDING";

    public Purchase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }

    public boolean paid() {
        return PAID.equals(status);
    }
}
