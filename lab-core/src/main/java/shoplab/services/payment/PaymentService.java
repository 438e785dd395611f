package shoplab.services.payment;

import org.springframework.http.HttpStatus;
import shoplab.domain.trade.Money;
import shoplab.services.common.ApiError;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes payments and refunds, and plans each payment's notices under the storm in effect: the genuine
 * notice (maybe late), then after its first delivery the duplicates, the concurrent burst and the stale
 * FAIL, and, apart, a forgery. The notice may reach the merchant before the answer to the payment does,
 * as with the real providers.
 */
public final class PaymentService {

    /** The payment as validated: who pays what, for which merchant order, and where to tell the merchant. */
    public record PayOrder(String merchantId, String appId, String outTradeNo, String orderId, Money amount,
                           Channel channel, URI notifyUrl) {
    }

    /** The answer to a payment; {@code replayed}: the merchant order was paid (or failed) before. */
    public record Paid(ChargeRow charge, boolean replayed) {
    }

    private final Ledger ledger;
    private final NoticeDispatcher dispatcher;
    private final NoticeWriter writer;
    private final AtomicReference<Storm> storm;

    public PaymentService(Ledger ledger, NoticeDispatcher dispatcher, NoticeWriter writer, Storm storm) {
        this.ledger = ledger;
        this.dispatcher = dispatcher;
        this.writer = writer;
        this.storm = new AtomicReference<>(storm);
    }

    /**
     * Pays a merchant order once. Paying it again answers the first outcome (same transaction, no new
     * notice; a failed order stays failed: the merchant pays with a new order id); another amount is a 409.
     */
    public Paid pay(PayOrder p) {
        var existing = ledger.find(p.merchantId(), p.outTradeNo());
        if (existing.isPresent()) {
            return replay(existing.get(), p);
        }
        Storm s = storm.get();
        Storm.Decision d = s.decide(p.merchantId(), p.outTradeNo());
        ChargeRow c = new ChargeRow(ledger.nextTradeNo(), p.merchantId(), p.appId(), p.outTradeNo(), p.orderId(),
                p.channel(), p.amount(), !d.fail(), p.notifyUrl(), System.currentTimeMillis());
        if (!ledger.insert(c)) {
            return replay(ledger.find(p.merchantId(), p.outTradeNo()).orElseThrow(), p); // a concurrent payment won
        }
        notify(c, d, s);
        return new Paid(c, false);
    }

    public Ledger.Refund refund(String merchantId, String outTradeNo, Money amount, String reason) {
        return ledger.refund(merchantId, outTradeNo, amount, reason);
    }

    public Storm storm() {
        return storm.get();
    }

    /** Replaces the storm; payments taken from now on follow it. */
    public void storm(Storm s) {
        storm.set(s);
    }

    private static Paid replay(ChargeRow c, PayOrder p) {
        if (!c.amount().equals(p.amount())) {
            throw new ApiError.Rejected(HttpStatus.CONFLICT, "AMOUNT_MISMATCH", "merchant order " + p.outTradeNo()
                    + " was paid for " + c.amount() + ", not " + p.amount());
        }
        return new Paid(c, true);
    }

    private void notify(ChargeRow c, Storm.Decision d, Storm s) {
        long now = System.currentTimeMillis();
        if (d.forgery() != Forgery.NONE) {
            dispatcher.send(writer.forged(c, d.forgery(), now), 0, false, null);
        }
        OutgoingNotice genuine = writer.genuine(c, d.late() ? NoticeKind.LATE : NoticeKind.GENUINE, now);
        Runnable followUps = () -> {
            duplicates(genuine.as(NoticeKind.DUPLICATE), d.duplicates());
            if (d.concurrent() > 0) {
                dispatcher.burst(genuine.as(NoticeKind.CONCURRENT), d.concurrent());
            }
            if (d.outOfOrder()) {
                dispatcher.send(writer.stale(c), 0, false, null);
            }
        };
        dispatcher.send(genuine, d.late() ? s.lateMs() : 0, true, followUps);
    }

    /** The copies go one after another: each is sent when the previous one was answered. */
    private void duplicates(OutgoingNotice copy, int left) {
        if (left > 0) {
            dispatcher.send(copy, 0, false, () -> duplicates(copy, left - 1));
        }
    }
}
