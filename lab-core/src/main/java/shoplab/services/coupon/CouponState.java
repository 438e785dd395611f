package shoplab.services.coupon;

/** Where a coupon is; a coupon_use row (one order's hold) takes the last three. */
public enum CouponState {
    /** Given to the user, never used. */
    ISSUED,
    /** Held by one order during checkout, until its payment succeeds or fails. */
    LOCKED,
    /** Spent: the order holding it was paid. */
    REDEEMED,
    /** Given back to the user (the order failed, timed out, or was refunded): usable again. */
    RELEASED
}
