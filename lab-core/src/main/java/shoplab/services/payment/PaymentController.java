package shoplab.services.payment;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import shoplab.domain.trade.Money;
import shoplab.services.common.Amounts;
import shoplab.services.common.ApiError;
import shoplab.services.common.Signer;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider's API: pay and refund (the merchant API: only requests signed with the merchant's key), and
 * under {@code /internal} the books and the notice log (for the lab's snapshot) and the storm (the lab's
 * control of the stand-in).
 */
@RestController
public class PaymentController {

    /** A payment as the merchant asks for it, signed ({@code sign}) with the merchant's key over the other fields. */
    public record PayRequest(String merchantId, String appId, String outTradeNo, Long amountCents, String notifyUrl,
                             String channel, String orderId, String sign) {
        Map<String, Object> signed() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("merchantId", merchantId);
            f.put("appId", appId);
            f.put("outTradeNo", outTradeNo);
            f.put("amountCents", amountCents);
            f.put("notifyUrl", notifyUrl);
            f.put("channel", channel);
            f.put("orderId", orderId);
            return f;
        }
    }

    /** A refund as the merchant asks for it, signed like a payment. */
    public record RefundRequest(String merchantId, String outTradeNo, Long amountCents, String reason, String sign) {
        Map<String, Object> signed() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("merchantId", merchantId);
            f.put("outTradeNo", outTradeNo);
            f.put("amountCents", amountCents);
            f.put("reason", reason);
            return f;
        }
    }

    /** The storm as the admin endpoint takes it; a missing rate is 0 (off). */
    public record StormRequest(Long seed, Double failRate, Double lateRate, Long lateMs, Double duplicateRate,
                               Integer duplicateCount, Double concurrentRate, Integer concurrentCount,
                               Double outOfOrderRate, Double forgedRate) {
    }

    private final PaymentService payments;
    private final Ledger ledger;
    private final NoticeDispatcher dispatcher;
    private final Merchant merchant;

    public PaymentController(PaymentService payments, Ledger ledger, NoticeDispatcher dispatcher, Merchant merchant) {
        this.payments = payments;
        this.ledger = ledger;
        this.dispatcher = dispatcher;
        this.merchant = merchant;
    }

    @PostMapping("/api/pay")
    public Map<String, Object> pay(@RequestBody PayRequest r) {
        String merchantId = merchant(r.merchantId());
        String appId = ApiError.requireKey("appId", r.appId());
        if (!appId.equals(merchant.appId())) {
            throw new ApiError.Rejected(HttpStatus.FORBIDDEN, "UNKNOWN_APP", "app " + appId + " is not the merchant's");
        }
        String outTradeNo = ApiError.requireKey("outTradeNo", r.outTradeNo());
        String orderId = r.orderId() == null ? null : ApiError.requireKey("orderId", r.orderId());
        Money amount = Amounts.requirePositive("amountCents", r.amountCents());
        Channel channel = Channel.of(r.channel()).orElseThrow(() -> new ApiError.Rejected(HttpStatus.BAD_REQUEST,
                "INVALID_CHANNEL", "channel must be alipay or wechat, was " + r.channel()));
        URI notifyUrl = notifyUrl(r.notifyUrl());
        requireSigned(r.signed(), r.sign());
        PaymentService.Paid paid = payments.pay(new PaymentService.PayOrder(merchantId, appId, outTradeNo, orderId, amount,
                channel, notifyUrl));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tradeNo", paid.charge().tradeNo());
        body.put("outTradeNo", outTradeNo);
        body.put("status", paid.charge().status());
        body.put("amountCents", paid.charge().amount().cents());
        body.put("replayed", paid.replayed());
        return body;
    }

    @PostMapping("/api/refund")
    public Map<String, Object> refund(@RequestBody RefundRequest r) {
        String merchantId = merchant(r.merchantId());
        String outTradeNo = ApiError.requireKey("outTradeNo", r.outTradeNo());
        Money amount = Amounts.requirePositive("amountCents", r.amountCents());
        String reason = reason(r.reason());
        requireSigned(r.signed(), r.sign());
        Ledger.Refund refund = payments.refund(merchantId, outTradeNo, amount, reason);
        return Map.of("refundNo", refund.refundNo(), "tradeNo", refund.tradeNo(), "outTradeNo", outTradeNo,
                "amountCents", refund.amount().cents(), "replayed", refund.replayed());
    }

    @GetMapping("/internal/ledger")
    public Map<String, Object> ledger() {
        return ledger.books();
    }

    /** Every delivery, and how many are still scheduled or in flight (0: the provider is quiet). */
    @GetMapping("/internal/notices")
    public Map<String, Object> notices() {
        int pending = dispatcher.pending(); // read first: a delivery logged after this is still counted
        List<Map<String, Object>> deliveries = ledger.deliveries();
        return Map.of("pending", pending, "notices", deliveries);
    }

    /** The storm at a glance, cheap enough to sample several times a second: deliveries so far, and pending. */
    @GetMapping("/internal/notices/summary")
    public Map<String, Object> noticeSummary() {
        return Map.of("pending", dispatcher.pending(), "delivered", ledger.deliveryCount());
    }

    @GetMapping("/internal/storm")
    public Storm storm() {
        return payments.storm();
    }

    @PostMapping("/internal/storm")
    public Storm storm(@RequestBody StormRequest r) {
        try {
            Storm s = new Storm(or(r.seed(), 0L), or(r.failRate(), 0.0), or(r.lateRate(), 0.0), or(r.lateMs(), 0L),
                    or(r.duplicateRate(), 0.0), or(r.duplicateCount(), 0), or(r.concurrentRate(), 0.0),
                    or(r.concurrentCount(), 0), or(r.outOfOrderRate(), 0.0), or(r.forgedRate(), 0.0));
            payments.storm(s);
            return s;
        } catch (IllegalArgumentException e) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "INVALID_STORM", e.getMessage());
        }
    }

    private String merchant(String merchantId) {
        ApiError.requireKey("merchantId", merchantId);
        if (!merchantId.equals(merchant.merchantId())) {
            throw new ApiError.Rejected(HttpStatus.FORBIDDEN, "UNKNOWN_MERCHANT", "merchant " + merchantId + " has no account here");
        }
        return merchantId;
    }

    /** Checked after the fields are valid, so a malformed request says what is wrong with it, not "bad signature". */
    private void requireSigned(Map<String, Object> fields, String sign) {
        if (sign == null || sign.isEmpty()) {
            throw new ApiError.Rejected(HttpStatus.FORBIDDEN, "UNSIGNED", "merchant requests must be signed with the merchant's key (sign)");
        }
        if (!merchant.key().verify(Signer.texts(fields), sign)) {
            throw new ApiError.Rejected(HttpStatus.FORBIDDEN, "BAD_SIGNATURE", "the request is not signed with the merchant's key");
        }
    }

    private static URI notifyUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "MISSING_NOTIFY_URL", "notifyUrl is required");
        }
        try {
            URI uri = new URI(url);
            if (url.length() <= 512 && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "INVALID_NOTIFY_URL",
                "notifyUrl must be an absolute http(s) URL of at most 512 characters");
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "MISSING_REASON", "reason is required");
        }
        if (reason.length() > 256 || reason.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "INVALID_REASON", "reason must be at most 256 printable characters");
        }
        return reason;
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }
}
