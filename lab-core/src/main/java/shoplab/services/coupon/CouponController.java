package shoplab.services.coupon;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import shoplab.domain.trade.Money;
import shoplab.services.common.Amounts;
import shoplab.services.common.ApiError;

import java.util.List;
import java.util.Map;

/**
 * Coupons: issue (seeding, admin), lock at checkout, redeem on payment success, release on failure,
 * timeout or refund, and the snapshot. Replays answer 200 with {@code replayed: true} and change nothing.
 */
@RestController
@RequestMapping("/internal/coupons")
public class CouponController {

    public record IssueRequest(String code, String userId, Long discountCents, Long minOrderCents) {
    }

    public record LockRequest(String userId, String orderId, Long orderCents) {
    }

    public record OrderRequest(String orderId, Boolean refund) {
    }

    private final Coupons coupons;

    public CouponController(Coupons coupons) {
        this.coupons = coupons;
    }

    @PostMapping("/issue")
    public ResponseEntity<Coupons.View> issue(@RequestBody IssueRequest r) {
        String code = ApiError.requireKey("code", r.code());
        String user = ApiError.requireKey("userId", r.userId());
        Money discount = Amounts.requirePositive("discountCents", r.discountCents());
        Money min = Amounts.require("minOrderCents", r.minOrderCents());
        Coupons.View v = coupons.issue(code, user, discount, min);
        return ResponseEntity.status(v.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(v);
    }

    /** {@code orderCents}: the goods total the coupon applies to, checked against its minimum. */
    @PostMapping("/{code}/lock")
    public Coupons.View lock(@PathVariable("code") String code, @RequestBody LockRequest r) {
        ApiError.requireKey("code", code);
        String user = ApiError.requireKey("userId", r.userId());
        String order = ApiError.requireKey("orderId", r.orderId());
        Money total = Amounts.requirePositive("orderCents", r.orderCents());
        return coupons.lock(code, user, order, total);
    }

    @PostMapping("/{code}/redeem")
    public Coupons.View redeem(@PathVariable("code") String code, @RequestBody OrderRequest r) {
        ApiError.requireKey("code", code);
        return coupons.redeem(code, ApiError.requireKey("orderId", r.orderId()));
    }

    /** {@code refund: true} also gives back a redeemed coupon, for an order that was refunded. */
    @PostMapping("/{code}/release")
    public Coupons.View release(@PathVariable("code") String code, @RequestBody OrderRequest r) {
        ApiError.requireKey("code", code);
        return coupons.release(code, ApiError.requireKey("orderId", r.orderId()), Boolean.TRUE.equals(r.refund()));
    }

    @GetMapping
    public Map<String, List<Map<String, Object>>> all() {
        return Map.of("coupons", coupons.all());
    }
}
