package shoplab.services.trade;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.Money;
import shoplab.services.common.Amounts;
import shoplab.services.common.ApiError;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checkout, in the architecture note's order: price (product service), stock deduction (inventory),
 * shipping fee (product service), coupon lock (marketing), then the order row, CREATED. Whatever fails
 * after the stock was taken gives back what was taken (stock, coupon) before answering, so a refused
 * checkout leaves nothing behind; a give-back that cannot be done at once is queued for the timeout job.
 */
final class Checkout {

    private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

    /** Units per order, as the inventory and the fee model accept them. */
    static final int MAX_QUANTITY = 100;

    record Request(String userId, String sku, Integer quantity, String couponCode, String channel, String region,
                   String requestId) {
    }

    private final TradeDb db;
    private final TransactionTemplate tx;
    private final Downstream product;
    private final Downstream inventory;
    private final Downstream coupons;
    private final Effects effects;
    private final long timeoutMs;
    private final String prefix;
    private final AtomicLong seq;

    Checkout(TradeDb db, TransactionTemplate tx, Downstream product, Downstream inventory, Downstream coupons,
             Effects effects, long timeoutMs, String prefix) {
        this.db = db;
        this.tx = tx;
        this.product = product;
        this.inventory = inventory;
        this.coupons = coupons;
        this.effects = effects;
        this.timeoutMs = timeoutMs;
        this.prefix = prefix;
        this.seq = new AtomicLong(db.jdbc().queryForObject("SELECT COALESCE(MAX(seq), 0) FROM trade_order", Long.class));
    }

    Map<String, Object> place(Request r) {
        if (r == null) {
            throw bad("MISSING_BODY", "send {userId, sku, quantity, channel, couponCode?, region?, requestId?}");
        }
        String user = ApiError.requireKey("userId", r.userId());
        String sku = ApiError.requireKey("sku", r.sku());
        int quantity = quantity(r.quantity());
        String channel = channel(r.channel());
        String code = r.couponCode() == null ? null : ApiError.requireKey("couponCode", r.couponCode());
        String region = r.region() == null ? null : ApiError.requireKey("region", r.region());
        String requestId = r.requestId() == null ? null : ApiError.requireKey("requestId", r.requestId());
        if (requestId != null) {
            refuseReplay(requestId);
        }

        // 1. price, and the goods total within the ceiling before anything is taken
        Downstream.Answer price = call(product, "GET /api/products/" + sku, () -> product.get("/api/products/" + sku));
        if (!price.ok()) {
            throw passOn(product, price);
        }
        long unitCents = price.body().path("priceCents").asLong(-1);
        if (unitCents <= 0 || unitCents > Amounts.MAX_CENTS) {
            throw new ApiError.Rejected(HttpStatus.BAD_GATEWAY, "PRODUCT_ERROR", "product service quoted " + unitCents + " for " + sku);
        }
        Money unit = Money.of(unitCents);
        Money goods = ceiling("goods total", unit.times(quantity));

        // 2. stock
        long n = seq.incrementAndGet();
        String orderId = prefix + "-" + n;
        Downstream.Answer deducted;
        try {
            deducted = inventory.post("/internal/stock/deduct", Map.of("orderId", orderId, "user", user, "sku", sku, "qty", quantity));
        } catch (IOException e) {
            giveBack(orderId, sku, null); // the deduction may have happened: release is idempotent
            throw unavailable(inventory, e);
        }
        if (!deducted.ok() || !"OK".equals(deducted.body().path("result").asString(""))) {
            if (deducted.ok()) {
                giveBack(orderId, sku, null);
            }
            throw passOn(inventory, deducted);
        }

        String locked = null;
        try {
            // 3. shipping fee
            Map<String, Object> fee = new LinkedHashMap<>();
            fee.put("items", List.of(Map.of("sku", sku, "quantity", quantity)));
            if (region != null) {
                fee.put("region", region);
            }
            Downstream.Answer quote = call(product, "POST /api/shipping-fee", () -> product.post("/api/shipping-fee", fee));
            if (!quote.ok()) {
                throw passOn(product, quote);
            }
            if (quote.body().path("goodsCents").asLong(-1) != goods.cents()) {
                throw new ApiError.Rejected(HttpStatus.CONFLICT, "PRICE_CHANGED", "the price of " + sku
                        + " changed during the checkout: quoted " + goods + ", the fee was judged on "
                        + quote.body().path("goodsCents").asLong(-1) + " cents");
            }
            long feeCents = quote.body().path("feeCents").asLong(-1);
            if (feeCents < 0 || feeCents > Amounts.MAX_CENTS) {
                throw new ApiError.Rejected(HttpStatus.BAD_GATEWAY, "PRODUCT_ERROR", "product service quoted a fee of " + feeCents);
            }
            Money shipping = Money.of(feeCents);
            Money total = ceiling("order total", goods.plus(shipping));

            // 4. coupon
            Money discount = Money.ZERO;
            if (code != null) {
                locked = code; // from here a failure releases it: the lock may have happened even if the answer was lost
                Downstream.Answer lock = call(coupons, "POST /internal/coupons/" + code + "/lock", () -> coupons.post(
                        "/internal/coupons/" + code + "/lock", Map.of("userId", user, "orderId", orderId, "orderCents", goods.cents())));
                if (!lock.ok()) {
                    if (lock.status() < 500) {
                        locked = null; // refused: nothing was locked
                    }
                    throw passOn(coupons, lock);
                }
                // A coupon never takes the order below 0.01, the provider's smallest payment.
                discount = Money.of(Math.min(lock.body().path("discountCents").asLong(0), total.cents() - 1));
            }
            Money amount = total.minus(discount);

            // 5. the order, CREATED
            long now = System.currentTimeMillis();
            Money d = discount;
            try {
                tx.executeWithoutResult(s -> insert(orderId, n, requestId, user, channel, region, sku, quantity, unit, goods,
                        shipping, d, amount, code, now));
            } catch (DuplicateKeyException replay) {
                throw replayed(requestId);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("orderId", orderId);
            body.put("amountCents", amount.cents());
            body.put("status", "CREATED");
            body.put("goodsCents", goods.cents());
            body.put("shippingCents", shipping.cents());
            body.put("discountCents", discount.cents());
            body.put("deadlineAtMs", now + timeoutMs);
            return body;
        } catch (RuntimeException e) {
            giveBack(orderId, sku, locked);
            throw e;
        }
    }

    private void insert(String orderId, long n, String requestId, String user, String channel, String region, String sku,
                        int quantity, Money unit, Money goods, Money shipping, Money discount, Money amount, String code,
                        long now) {
        JdbcTemplate jdbc = db.jdbc();
        jdbc.update("INSERT INTO trade_order (order_id, seq, request_id, user_id, channel, region, goods_cents, shipping_cents, "
                        + "discount_cents, amount_cents, status, created_at, deadline_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'CREATED', ?, ?)",
                orderId, n, requestId, user, channel, region, goods.cents(), shipping.cents(), discount.cents(), amount.cents(),
                now, now + timeoutMs);
        jdbc.update("INSERT INTO order_line (order_id, line_no, sku, quantity, unit_cents, line_cents) VALUES (?, 1, ?, ?, ?, ?)",
                orderId, sku, quantity, unit.cents(), goods.cents());
        if (code != null) {
            jdbc.update("INSERT INTO coupon_use (order_id, code, discount_cents, locked_at) VALUES (?, ?, ?, ?)",
                    orderId, code, discount.cents(), now);
        }
    }

    /** Gives back what a failed checkout took; what cannot be given back now is left to the timeout job. */
    private void giveBack(String orderId, String sku, String couponCode) {
        boolean stock = effects.releaseStock(orderId, sku);
        boolean coupon = couponCode == null || effects.releaseCoupon(orderId, couponCode, false);
        if (!stock || !coupon) {
            LOG.warn("checkout {} failed and could not give back its hold yet; retried by the timeout job", orderId);
            db.jdbc().update("INSERT INTO orphan_hold (order_id, sku, coupon_code, stock_done, coupon_done, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", orderId, sku, couponCode, stock, coupon, System.currentTimeMillis());
        }
    }

    private void refuseReplay(String requestId) {
        if (!db.jdbc().queryForList("SELECT order_id FROM trade_order WHERE request_id = ?", String.class, requestId).isEmpty()) {
            throw replayed(requestId);
        }
    }

    private ApiError.Rejected replayed(String requestId) {
        List<String> first = db.jdbc().queryForList("SELECT order_id FROM trade_order WHERE request_id = ?", String.class, requestId);
        return new ApiError.Rejected(HttpStatus.CONFLICT, "REPLAYED_REQUEST", "request " + requestId + " was placed already"
                + (first.isEmpty() ? "" : " as order " + first.get(0)) + "; nothing was done again");
    }

    private static int quantity(Integer quantity) {
        if (quantity == null) {
            throw bad("MISSING_QUANTITY", "quantity is required");
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw bad("INVALID_QUANTITY", "quantity must be 1.." + MAX_QUANTITY + ", was " + quantity);
        }
        return quantity;
    }

    static String channel(String channel) {
        if (!"alipay".equals(channel) && !"wechat".equals(channel)) {
            throw bad("INVALID_CHANNEL", "channel must be alipay or wechat, was " + channel);
        }
        return channel;
    }

    private static Money ceiling(String what, Money m) {
        if (m.cents() > Amounts.MAX_CENTS) {
            throw bad("AMOUNT_TOO_LARGE", "the " + what + " " + m + " is beyond the ceiling of " + Money.of(Amounts.MAX_CENTS));
        }
        return m;
    }

    /** A call whose transport failure is a 502 (before anything was taken, or handled by the caller's catch). */
    interface Call {
        Downstream.Answer run() throws IOException;
    }

    private static Downstream.Answer call(Downstream to, String what, Call call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw unavailable(to, e);
        }
    }

    private static ApiError.Rejected unavailable(Downstream to, IOException e) {
        return new ApiError.Rejected(HttpStatus.BAD_GATEWAY, to.name().toUpperCase() + "_UNAVAILABLE",
                to.name() + " service did not answer: " + e.getMessage());
    }

    /** The other service's refusal (4xx) as ours, with its code and message; anything else is a 502. */
    static ApiError.Rejected passOn(Downstream from, Downstream.Answer a) {
        if (a.status() >= 400 && a.status() < 500) {
            return new ApiError.Rejected(HttpStatus.valueOf(a.status()), a.error().isEmpty() ? "REFUSED" : a.error(),
                    from.name() + ": " + a.message());
        }
        return new ApiError.Rejected(HttpStatus.BAD_GATEWAY, from.name().toUpperCase() + "_ERROR",
                from.name() + " answered " + a.status() + ": " + a.message());
    }

    private static ApiError.Rejected bad(String code, String message) {
        return new ApiError.Rejected(HttpStatus.BAD_REQUEST, code, message);
    }
}
