package shoplab.services.trade;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.OrderStatus;
import shoplab.services.common.ApiError;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starting a payment: the pay button. A double click lands here twice, concurrently, so the run's
 * {@link PaymentGuard} decides whether the second click makes a second payment order (and the provider a second
 * charge) or reuses the first:
 * <ul>
 *   <li>naive: read the status; if CREATED or PAYING, a new payment order, PAYING, then the provider;</li>
 *   <li>pessimistic: {@code SELECT ... FOR UPDATE} in a transaction, a payment order only if CREATED,
 *       else the existing one;</li>
 *   <li>optimistic: {@code UPDATE ... SET status = 'PAYING' WHERE status = 'CREATED'}; the winner creates
 *       the payment order in the same transaction, the loser reuses it.</li>
 * </ul>
 * The provider pays each payment order (its outTradeNo) at most once, so reusing one charges once.
 */
final class Payments {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TradeDb db;
    private final TransactionTemplate tx;
    private final PaymentGuard guard;
    private final Downstream provider;
    private final MerchantAccount merchant;
    private final String notifyUrl;
    private final AtomicLong seq;

    Payments(TradeDb db, TransactionTemplate tx, PaymentGuard guard, Downstream provider, MerchantAccount merchant,
             String notifyUrl) {
        this.db = db;
        this.tx = tx;
        this.guard = guard;
        this.provider = provider;
        this.merchant = merchant;
        this.notifyUrl = notifyUrl.endsWith("/") ? notifyUrl.substring(0, notifyUrl.length() - 1) : notifyUrl;
        this.seq = new AtomicLong(db.jdbc().queryForObject("SELECT COALESCE(MAX(seq), 0) FROM payment_order", Long.class));
    }

    Map<String, Object> pay(String orderId) {
        ApiError.requireKey("orderId", orderId);
        long now = System.currentTimeMillis();
        TradeDb.Order o = payable(db.order(orderId), orderId, now);
        TradeDb.Payment[] made = new TradeDb.Payment[1];
        OrderStatus stopped = guard.move(db, tx, orderId, s -> s == OrderStatus.CREATED, (s, conditional) -> {
            if (!conditional) { // naive: the payment order, then the move, nothing re-checked
                made[0] = newPayment(o, now);
                db.setStatus(orderId, OrderStatus.CREATED, OrderStatus.PAYING, now);
                return true;
            }
            if (!db.setStatusIf(orderId, OrderStatus.CREATED, OrderStatus.PAYING, now)) {
                return false; // another click won: it made the payment order
            }
            made[0] = newPayment(o, now);
            return true;
        });
        TradeDb.Payment p;
        if (stopped == null) {
            p = made[0];
        } else if (stopped != OrderStatus.PAYING) {
            throw notPayable(orderId, stopped);
        } else if (guard.newPaymentWhilePaying()) {
            p = newPayment(o, now); // PAYING stays PAYING: a second payment order, no move
        } else {
            p = db.latestPayment(orderId).orElseThrow(() -> notPayable(orderId, stopped));
        }
        return start(p);
    }

    /** Asks the provider to take the payment; it answers a repeated outTradeNo with the first charge. */
    private Map<String, Object> start(TradeDb.Payment p) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("merchantId", merchant.merchantId());
        request.put("appId", merchant.appId());
        request.put("outTradeNo", p.paymentId());
        request.put("orderId", p.orderId());
        request.put("amountCents", p.amountCents());
        request.put("notifyUrl", notifyUrl + "/" + p.channel());
        request.put("channel", p.channel());
        Downstream.Answer a;
        try {
            a = provider.post("/api/pay", merchant.signed(request));
        } catch (IOException e) {
            throw new ApiError.Rejected(HttpStatus.BAD_GATEWAY, "PROVIDER_UNAVAILABLE",
                    "the payment provider did not answer: " + e.getMessage() + "; pay again to retry payment " + p.paymentId());
        }
        if (!a.ok()) {
            throw new ApiError.Rejected(HttpStatus.BAD_GATEWAY, "PROVIDER_ERROR", "the payment provider answered "
                    + a.status() + " " + a.error() + ": " + a.message());
        }
        String tradeNo = a.body().path("tradeNo").asString("");
        db.paymentStarted(p.paymentId(), tradeNo);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", p.orderId());
        body.put("paymentId", p.paymentId());
        body.put("tradeNo", tradeNo);
        body.put("amountCents", p.amountCents());
        body.put("status", db.status(p.orderId()).map(Enum::name).orElse("UNKNOWN"));
        return body;
    }

    /**
     * A payment order. Its id (the provider's outTradeNo) ends in 64 random bits: an id that could be guessed
     * could be paid first by someone else, with their own notifyUrl.
     */
    private TradeDb.Payment newPayment(TradeDb.Order o, long now) {
        long n = seq.incrementAndGet();
        String id = o.orderId() + "-p" + n + "-" + HexFormat.of().toHexDigits(RANDOM.nextLong());
        TradeDb.Payment p = new TradeDb.Payment(id, o.orderId(), o.channel(), o.amountCents(), null, "CREATED");
        db.insertPayment(p, n, now);
        return p;
    }

    private static TradeDb.Order payable(java.util.Optional<TradeDb.Order> found, String orderId, long now) {
        TradeDb.Order o = found.orElseThrow(() -> unknown(orderId));
        if (o.status() != OrderStatus.CREATED && o.status() != OrderStatus.PAYING) {
            throw notPayable(orderId, o.status());
        }
        if (now > o.deadlineAt()) {
            throw new ApiError.Rejected(HttpStatus.CONFLICT, "ORDER_EXPIRED", "order " + orderId
                    + " was not paid in time and is being closed");
        }
        return o;
    }

    private static ApiError.Rejected unknown(String orderId) {
        return new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_ORDER", "no such order: " + orderId);
    }

    private static ApiError.Rejected notPayable(String orderId, OrderStatus status) {
        return new ApiError.Rejected(HttpStatus.CONFLICT, "NOT_PAYABLE", "order " + orderId + " is " + status + ", not payable");
    }
}
