package shoplab.services.trade;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.OrderStatus;
import shoplab.services.common.Signer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's asynchronous payment notices. Each is verified first (signature with the provider's key,
 * merchant, app, channel, the payment order it names and its exact amount); a notice that fails any of it
 * is refused with a 400 and logged as rejected. A verified one goes through the run's {@link PaymentGuard}:
 * <ul>
 *   <li>SUCCESS on an unpaid order: PAID, shipped (a shipment row), the sale queued for Kafka (outbox), once;</li>
 *   <li>FAIL on an unpaid order: CANCELLED, then its stock and coupon given back;</li>
 *   <li>SUCCESS on a CLOSED or CANCELLED order (or, under the safe guards, one paid by another payment):
 *       never reopened, the payment is refunded through the provider;</li>
 *   <li>SUCCESS for a payment order this shop does not have: refunded (reconciliation: money the shop
 *       never asked for goes back); FAIL for one: nothing to do;</li>
 *   <li>anything else is a duplicate: no change.</li>
 * </ul>
 * Every verified notice is acknowledged in its channel's format, duplicates included, so the provider stops
 * retrying; a failure inside (a DB down) is a 500, which the provider retries.
 */
final class Notices {

    private static final Logger LOG = LoggerFactory.getLogger(Notices.class);

    /**
     * A notice that passed verification, with the payment order it names, or none: a genuine charge this
     * shop never asked for (a payment order lost with a restored database, a request replayed elsewhere).
     */
    record Verified(String channel, String notifyId, String tradeNo, String outTradeNo, String orderId, String status,
                    long amountCents, TradeDb.Payment payment) {
    }

    enum Outcome {
        /** It changed the order (paid and shipped, or cancelled) or started a refund. */
        ACCEPTED,
        /** Verified, but the order was settled already: nothing changed. */
        DUPLICATE
    }

    /** Why a notice was refused. */
    static final class Rejection extends RuntimeException {
        Rejection(String reason) {
            super(reason, null, false, false);
        }
    }

    private final TradeDb db;
    private final TransactionTemplate tx;
    private final PaymentGuard guard;
    private final Signer signer;
    private final String merchantId;
    private final String appId;
    private final Effects effects;
    private final SalesOutbox outbox;
    private final ObjectMapper json;

    Notices(TradeDb db, TransactionTemplate tx, PaymentGuard guard, Signer signer, String merchantId, String appId,
            Effects effects, SalesOutbox outbox, ObjectMapper json) {
        this.db = db;
        this.tx = tx;
        this.guard = guard;
        this.signer = signer;
        this.merchantId = merchantId;
        this.appId = appId;
        this.effects = effects;
        this.outbox = outbox;
        this.json = json;
    }

    ResponseEntity<String> handle(String channel, String body) {
        long now = System.currentTimeMillis();
        if (!"alipay".equals(channel) && !"wechat".equals(channel)) {
            db.logNotice(null, "unknown", null, null, "REJECTED", "unknown channel " + channel, now);
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .body("{\"error\":\"UNKNOWN_CHANNEL\",\"message\":\"notices go to /api/trade/notify/alipay or /wechat\"}");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Verified v;
        try {
            v = verify(channel, body, fields);
        } catch (Rejection r) {
            Optional<TradeDb.Payment> p = Optional.ofNullable(fields.get("outTradeNo")).flatMap(db::payment);
            db.logNotice(fields.get("notifyId"), channel, fields.get("tradeNo"), p.map(TradeDb.Payment::orderId).orElse(null),
                    "REJECTED", r.getMessage(), now);
            return failure(channel, r.getMessage());
        }
        if (v.payment() == null) {
            Outcome o = unexpected(v, now);
            db.logNotice(v.notifyId(), channel, v.tradeNo(), v.orderId(), o.name(), "no payment order " + v.outTradeNo()
                    + ("SUCCESS".equals(v.status()) ? ": refunded" : ": nothing was charged"), System.currentTimeMillis());
            return ack(channel);
        }
        Outcome o = "SUCCESS".equals(v.status()) ? success(v) : fail(v);
        db.logNotice(v.notifyId(), channel, v.tradeNo(), v.payment().orderId(), o.name(), null, System.currentTimeMillis());
        return ack(channel);
    }

    Verified verify(String channel, String body, Map<String, String> fields) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw new Rejection("malformed notice: not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new Rejection("malformed notice: not a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) {
                throw new Rejection("malformed notice: field " + TradeDb.clip(e.getKey(), 40) + " is not a string");
            }
            fields.put(e.getKey(), e.getValue().asString());
        }
        String sign = fields.get("sign");
        if (guard.verifiesSignature() && (sign == null || sign.isEmpty())) {
            throw new Rejection("unsigned notice");
        }
        if (guard.verifiesSignature() && !signer.verify(fields, sign)) {
            throw new Rejection("bad signature");
        }
        if (!merchantId.equals(fields.get("merchantId"))) {
            throw new Rejection("not our merchant: " + fields.get("merchantId"));
        }
        if (!appId.equals(fields.get("appId"))) {
            throw new Rejection("not our app: " + fields.get("appId"));
        }
        if (!channel.equals(fields.get("channel"))) {
            throw new Rejection("a " + fields.get("channel") + " notice on the " + channel + " endpoint");
        }
        String notifyId = key(fields, "notifyId", 80);
        String tradeNo = key(fields, "tradeNo", 64);
        String paymentId = key(fields, "outTradeNo", 64);
        String status = fields.get("status");
        if (!"SUCCESS".equals(status) && !"FAIL".equals(status)) {
            throw new Rejection("unknown status " + status);
        }
        long amount;
        try {
            amount = Long.parseLong(fields.getOrDefault("amountCents", ""));
        } catch (NumberFormatException e) {
            throw new Rejection("amountCents is not a number of cents");
        }
        if (amount <= 0) {
            throw new Rejection("amountCents must be positive, was " + amount);
        }
        String orderId = fields.containsKey("orderId") ? key(fields, "orderId", 64) : null;
        Optional<TradeDb.Payment> known = db.payment(paymentId);
        if (known.isEmpty()) {
            return new Verified(channel, notifyId, tradeNo, paymentId, orderId, status, amount, null);
        }
        TradeDb.Payment p = known.get();
        if (amount != p.amountCents()) {
            throw new Rejection("amount " + amount + " is not payment " + paymentId + "'s " + p.amountCents() + " cents");
        }
        if (fields.containsKey("orderId") && !p.orderId().equals(fields.get("orderId"))) {
            throw new Rejection("payment " + paymentId + " is for order " + p.orderId() + ", not " + fields.get("orderId"));
        }
        if (!p.channel().equals(channel)) {
            throw new Rejection("payment " + paymentId + " was made by " + p.channel() + ", not " + channel);
        }
        if (p.tradeNo() != null && !p.tradeNo().equals(tradeNo)) {
            throw new Rejection("payment " + paymentId + " is provider trade " + p.tradeNo() + ", not " + tradeNo);
        }
        return new Verified(channel, notifyId, tradeNo, paymentId, p.orderId(), status, amount, p);
    }

    private static String key(Map<String, String> fields, String name, int max) {
        String v = fields.get(name);
        if (v == null || v.isBlank() || v.length() > max) {
            throw new Rejection(name + " is missing or longer than " + max);
        }
        return v;
    }

    // ---- SUCCESS ----

    private Outcome success(Verified v) {
        String orderId = v.payment().orderId();
        long now = System.currentTimeMillis();
        OrderStatus seen;
        try {
            seen = guard.move(db, tx, orderId, Notices::initial, (s, conditional) -> pay(v, s, conditional, now));
        } catch (DuplicateKeyException sameTrade) {
            return Outcome.DUPLICATE; // the unique key on (channel, trade no): accepted before
        }
        if (seen == null) {
            outbox.wake();
            effects.redeem(orderId);
            return Outcome.ACCEPTED;
        }
        return settled(v, seen, now);
    }

    /**
     * PAID and shipped. {@code conditional} (the safe guards): every move only from the status read, false
     * when it moved meanwhile, before anything else is written. Unconditional (naive): as the naive code
     * goes, the payment order is marked paid first, then the order, then it ships; nothing re-checks.
     */
    private boolean pay(Verified v, OrderStatus read, boolean conditional, long now) {
        String orderId = v.payment().orderId();
        if (!conditional) {
            db.paymentSettled(v.payment().paymentId(), v.tradeNo(), "SUCCESS");
            db.markPaid(orderId, v.payment().paymentId(), now);
        }
        OrderStatus from = read;
        if (from == OrderStatus.CREATED) { // the notice overtook the pay call's answer
            if (!move(orderId, OrderStatus.CREATED, OrderStatus.PAYING, conditional, now)) {
                return false;
            }
            from = OrderStatus.PAYING;
        }
        if (!move(orderId, from, OrderStatus.PAID, conditional, now)) {
            return false;
        }
        if (conditional) {
            db.markPaid(orderId, v.payment().paymentId(), now);
            db.paymentSettled(v.payment().paymentId(), v.tradeNo(), "SUCCESS");
        }
        TradeDb.Order order = db.order(orderId).orElseThrow();
        if (!move(orderId, OrderStatus.PAID, OrderStatus.SHIPPED, conditional, now)) {
            throw new IllegalStateException("order " + orderId + " left PAID inside its own transaction");
        }
        db.ship(order, v.payment().paymentId(), v.notifyId(), now);
        db.acceptNotice(v, "PAID", now);
        return true;
    }

    /** A SUCCESS for an order that was settled: refund it if the order cannot keep it, else a duplicate. */
    private Outcome settled(Verified v, OrderStatus s, long now) {
        if ((s == OrderStatus.CLOSED || s == OrderStatus.CANCELLED) && guard.refundsAfterClose()) {
            return refund(v, "paid after the order was " + s, now);
        }
        if (guard.refundsRivalPayment() && (s == OrderStatus.PAID || s == OrderStatus.SHIPPED)) {
            String paidBy = db.order(v.payment().orderId()).map(TradeDb.Order::paidPaymentId).orElse(null);
            if (paidBy != null && !paidBy.equals(v.payment().paymentId())) {
                return refund(v, "the order was paid by payment " + paidBy, now);
            }
        }
        return Outcome.DUPLICATE;
    }

    /** Records the refund (once per payment) and asks the provider for it; the timeout job retries. */
    private Outcome refund(Verified v, String reason, long now) {
        TradeDb.Payment p = v.payment();
        try {
            tx.executeWithoutResult(st -> {
                db.paymentSettled(p.paymentId(), v.tradeNo(), "SUCCESS");
                db.acceptNotice(v, "REFUND", now);
                db.insertRefund(p.paymentId(), p.orderId(), v.tradeNo(), p.amountCents(), reason, now);
            });
        } catch (DuplicateKeyException refundedAlready) {
            return Outcome.DUPLICATE;
        }
        effects.refund(p.paymentId());
        return Outcome.ACCEPTED;
    }

    /**
     * Reconciliation: the provider took money for a payment this shop has no order of. Nothing ships for it,
     * so it goes back (the amount the provider signed); a FAIL took nothing and changes nothing.
     */
    private Outcome unexpected(Verified v, long now) {
        if (!"SUCCESS".equals(v.status())) {
            return Outcome.DUPLICATE;
        }
        LOG.warn("a charge this shop never asked for: payment {} (provider trade {}, {} cents); refunding it",
                v.outTradeNo(), v.tradeNo(), v.amountCents());
        try {
            db.insertRefund(v.outTradeNo(), v.orderId(), v.tradeNo(), v.amountCents(), "a charge this shop never asked for", now);
        } catch (DuplicateKeyException refundedAlready) {
            return Outcome.DUPLICATE;
        }
        effects.refund(v.outTradeNo());
        return Outcome.ACCEPTED;
    }

    // ---- FAIL ----

    private Outcome fail(Verified v) {
        String orderId = v.payment().orderId();
        long now = System.currentTimeMillis();
        boolean cancelled;
        try {
            cancelled = guard.move(db, tx, orderId, Notices::initial, (s, conditional) -> cancel(v, s, conditional, now)) == null;
        } catch (DuplicateKeyException sameTrade) {
            return Outcome.DUPLICATE;
        }
        if (!cancelled) {
            return Outcome.DUPLICATE; // paid, closed or cancelled already: a stale FAIL changes nothing
        }
        effects.restore(orderId);
        return Outcome.ACCEPTED;
    }

    private boolean cancel(Verified v, OrderStatus read, boolean conditional, long now) {
        String orderId = v.payment().orderId();
        if (!move(orderId, read, OrderStatus.CANCELLED, conditional, now)) {
            return false;
        }
        db.markEnded(orderId, now);
        db.paymentSettled(v.payment().paymentId(), v.tradeNo(), "FAIL");
        db.acceptNotice(v, "CANCELLED", now);
        return true;
    }

    // ----

    private boolean move(String orderId, OrderStatus from, OrderStatus to, boolean conditional, long now) {
        if (conditional) {
            return db.setStatusIf(orderId, from, to, now);
        }
        db.setStatus(orderId, from, to, now);
        return true;
    }

    static boolean initial(OrderStatus s) {
        return s == OrderStatus.CREATED || s == OrderStatus.PAYING;
    }

    static ResponseEntity<String> ack(String channel) {
        return "alipay".equals(channel)
                ? ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("success")
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"code\":\"SUCCESS\",\"message\":\"OK\"}");
    }

    private ResponseEntity<String> failure(String channel, String reason) {
        if ("alipay".equals(channel)) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("failure");
        }
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(Map.of("code", "FAIL", "message", reason)));
    }
}
