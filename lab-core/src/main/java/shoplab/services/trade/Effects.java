package shoplab.services.trade;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import shoplab.domain.trade.OrderStatus;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.Collectors;

/**
 * The side effects an order's end asks of other services, asynchronously ensured: give back the stock and
 * the coupon of a cancelled or closed order, redeem the coupon of a paid one, refund a payment that came
 * too late. Each is tried once right after the status change commits and, while its flag is not set, again
 * by the timeout job. The other services make each effect happen once however often it is asked
 * (inventory release, coupon release/redeem and provider refund are idempotent), so at least once here is
 * exactly once there. A 4xx answer is final (logged); only a transport failure or a 5xx is retried.
 */
final class Effects {

    private static final Logger LOG = LoggerFactory.getLogger(Effects.class);

    private final TradeDb db;
    private final JdbcTemplate jdbc;
    private final Downstream inventory;
    private final Downstream coupons;
    private final Downstream provider;
    private final MerchantAccount merchant;
    private final PaymentGuard guard;
    /** SQL list of the ended statuses that give back stock and coupon, e.g. {@code 'CANCELLED', 'CLOSED'}. */
    private final String restored;

    Effects(TradeDb db, Downstream inventory, Downstream coupons, Downstream provider, MerchantAccount merchant,
            PaymentGuard guard) {
        this.db = db;
        this.jdbc = db.jdbc();
        this.inventory = inventory;
        this.coupons = coupons;
        this.provider = provider;
        this.merchant = merchant;
        this.guard = guard;
        // The ended statuses whose stock and coupon go back: both, unless a mutant forgot one.
        this.restored = Stream.of(OrderStatus.CANCELLED, OrderStatus.CLOSED).filter(guard::restoresAfter)
                .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    }

    /** Gives back the stock and coupon of a CANCELLED or CLOSED order, each until it is done. */
    void restore(String orderId) {
        TradeDb.Order o = db.order(orderId).orElse(null);
        if (o == null || !guard.restoresAfter(o.status())) {
            return;
        }
        if (!o.stockRestored() && releaseStock(orderId, o.sku())) {
            jdbc.update("UPDATE trade_order SET stock_restored = TRUE WHERE order_id = ?", orderId);
        }
        if (o.couponCode() != null && !o.couponRestored() && releaseCoupon(orderId, o.couponCode(), false)) {
            jdbc.update("UPDATE trade_order SET coupon_restored = TRUE WHERE order_id = ?", orderId);
        }
    }

    /** Spends the coupon of a paid order. */
    void redeem(String orderId) {
        TradeDb.Order o = db.order(orderId).orElse(null);
        if (o == null || o.couponCode() == null || o.couponRedeemed()
                || (o.status() != OrderStatus.PAID && o.status() != OrderStatus.SHIPPED)) {
            return;
        }
        if (done("coupon redeem for " + orderId, () -> coupons.post("/internal/coupons/" + o.couponCode() + "/redeem",
                Map.of("orderId", orderId)))) {
            jdbc.update("UPDATE trade_order SET coupon_redeemed = TRUE WHERE order_id = ?", orderId);
        }
    }

    /** Asks the provider to refund a PENDING refund; DONE once it did (or REFUSED if it never will). */
    void refund(String paymentId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT amount_cents, reason FROM refund WHERE payment_id = ? "
                + "AND status = 'PENDING'", paymentId);
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Object> r = rows.get(0);
        try {
            Downstream.Answer a = provider.post("/api/refund", merchant.signed(Map.of("merchantId", merchant.merchantId(),
                    "outTradeNo", paymentId, "amountCents", ((Number) r.get("amount_cents")).longValue(), "reason", r.get("reason"))));
            if (a.ok()) {
                jdbc.update("UPDATE refund SET status = 'DONE', refund_no = ?, done_at = ? WHERE payment_id = ?",
                        a.body().path("refundNo").asString(null), System.currentTimeMillis(), paymentId);
            } else if (a.status() >= 400 && a.status() < 500) {
                LOG.warn("provider refused the refund of {}: {}", paymentId, a.message());
                jdbc.update("UPDATE refund SET status = 'REFUSED', done_at = ? WHERE payment_id = ?", System.currentTimeMillis(),
                        paymentId);
            }
        } catch (IOException e) {
            LOG.debug("refund of {} not done yet: {}", paymentId, e.toString());
        }
    }

    /** True when the stock of the order is back (or was never taken). */
    boolean releaseStock(String orderId, String sku) {
        return done("stock release for " + orderId, () -> inventory.post("/internal/stock/release", Map.of("orderId", orderId, "sku", sku)));
    }

    /** True when the coupon is no longer held for the order. */
    boolean releaseCoupon(String orderId, String code, boolean refund) {
        return done("coupon release for " + orderId, () -> coupons.post("/internal/coupons/" + code + "/release",
                Map.of("orderId", orderId, "refund", refund)));
    }

    /** Retries everything still owed for what ended (or was recorded) before {@code before}, epoch ms. */
    void retryDue(long before) {
        for (String id : jdbc.queryForList("SELECT order_id FROM trade_order WHERE status IN (" + restoredOrNone() + ") "
                + "AND ended_at < ? AND (stock_restored = FALSE OR (coupon_restored = FALSE AND EXISTS "
                + "(SELECT 1 FROM coupon_use c WHERE c.order_id = trade_order.order_id))) LIMIT 200", String.class, before)) {
            restore(id);
        }
        for (String id : jdbc.queryForList("SELECT o.order_id FROM trade_order o JOIN coupon_use c ON c.order_id = o.order_id "
                + "WHERE o.status IN ('PAID', 'SHIPPED') AND o.coupon_redeemed = FALSE AND o.paid_at < ? LIMIT 200", String.class, before)) {
            redeem(id);
        }
        for (String id : jdbc.queryForList("SELECT payment_id FROM refund WHERE status = 'PENDING' AND created_at < ? LIMIT 200",
                String.class, before)) {
            refund(id);
        }
        for (Map<String, Object> h : jdbc.queryForList("SELECT order_id, sku, coupon_code, stock_done, coupon_done FROM orphan_hold "
                + "WHERE created_at < ? LIMIT 200", before)) {
            String id = (String) h.get("order_id");
            boolean stock = Boolean.TRUE.equals(h.get("stock_done")) || releaseStock(id, (String) h.get("sku"));
            boolean coupon = Boolean.TRUE.equals(h.get("coupon_done")) || releaseCoupon(id, (String) h.get("coupon_code"), false);
            if (stock && coupon) {
                jdbc.update("DELETE FROM orphan_hold WHERE order_id = ?", id);
            } else {
                jdbc.update("UPDATE orphan_hold SET stock_done = ?, coupon_done = ? WHERE order_id = ?", stock, coupon, id);
            }
        }
    }

    /** Effects still owed: what the lab waits for before it snapshots. */
    long pending() {
        return jdbc.queryForObject("SELECT "
                + "(SELECT COUNT(*) FROM trade_order o WHERE o.status IN (" + restoredOrNone() + ") AND (o.stock_restored = FALSE "
                + "   OR (o.coupon_restored = FALSE AND EXISTS (SELECT 1 FROM coupon_use c WHERE c.order_id = o.order_id)))) "
                + "+ (SELECT COUNT(*) FROM trade_order o JOIN coupon_use c ON c.order_id = o.order_id "
                + "   WHERE o.status IN ('PAID', 'SHIPPED') AND o.coupon_redeemed = FALSE) "
                + "+ (SELECT COUNT(*) FROM refund WHERE status = 'PENDING') "
                + "+ (SELECT COUNT(*) FROM orphan_hold)", Long.class);
    }

    private String restoredOrNone() {
        return restored.isEmpty() ? "'NONE'" : restored;
    }

    private interface Call {
        Downstream.Answer run() throws IOException;
    }

    private static boolean done(String what, Call call) {
        try {
            Downstream.Answer a = call.run();
            if (a.ok()) {
                return true;
            }
            if (a.status() >= 400 && a.status() < 500) {
                LOG.warn("{} refused, not retried: {} {}", what, a.error(), a.message());
                return true;
            }
            LOG.debug("{} answered {}, retried later", what, a.status());
            return false;
        } catch (IOException e) {
            LOG.debug("{} failed, retried later: {}", what, e.toString());
            return false;
        }
    }
}
