package shoplab.services.trade.dtx;

/**
 * One purchase as the shopper asks it: a unit of {@code sku}, the coupon if any, and how the payment will end
 * ({@code payOk}; the lab's stand-in for the provider's answer, so the load decides which purchases are undone).
 */
public record Purchase(String id, String userId, String sku, String couponCode, boolean payOk) {

    public boolean hasCoupon() {
        return couponCode != null;
    }
}
