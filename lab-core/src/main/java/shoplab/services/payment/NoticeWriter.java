package shoplab.services.payment;

import shoplab.services.common.Signer;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the notices: the genuine ones signed with the provider's key ({@link Signer}, the key the
 * merchant verifies with), the stale FAIL of an out-of-order storm, and the forgeries. Notify ids are
 * derived from the transaction id, so each notice is named the same in every retry and copy, and a
 * forgery never shares an id with a genuine notice.
 */
public final class NoticeWriter {

    /** The forger's key: anything but the provider's. */
    private static final Signer FORGER = new Signer("not-the-provider".getBytes(StandardCharsets.UTF_8));

    private final Signer signer;

    public NoticeWriter(Signer signer) {
        this.signer = signer;
    }

    /** The outcome of the payment, signed. */
    public OutgoingNotice genuine(ChargeRow c, NoticeKind kind, long notifyTime) {
        Map<String, String> f = fields(c, "N" + c.tradeNo(), c.status(), c.amount().cents(), notifyTime);
        f.put("sign", signer.sign(f));
        return notice(c, kind, false, f);
    }

    /** An older FAIL for a payment that succeeded (a first try that failed), genuinely signed. */
    public OutgoingNotice stale(ChargeRow c) {
        Map<String, String> f = fields(c, "N" + c.tradeNo() + "-stale", "FAIL", c.amount().cents(), c.createdAt() - 1);
        f.put("sign", signer.sign(f));
        return notice(c, NoticeKind.STALE, false, f);
    }

    /** A SUCCESS for the payment that the provider's key did not sign. */
    public OutgoingNotice forged(ChargeRow c, Forgery how, long notifyTime) {
        String id = "N" + c.tradeNo() + "-forged";
        Map<String, String> f;
        switch (how) {
            case BAD_SIGNATURE -> {
                f = fields(c, id, "SUCCESS", c.amount().cents(), notifyTime);
                byte[] sign = Base64.getDecoder().decode(signer.sign(f));
                sign[0] ^= 0x5A; // tampered in transit: still well-formed, no longer the provider's
                f.put("sign", Base64.getEncoder().encodeToString(sign));
            }
            case WRONG_KEY -> {
                f = fields(c, id, "SUCCESS", 1, notifyTime);
                f.put("sign", FORGER.sign(f));
            }
            case UNSIGNED -> f = fields(c, id, "SUCCESS", c.amount().cents(), notifyTime);
            default -> throw new IllegalArgumentException("not a forgery: " + how);
        }
        return notice(c, NoticeKind.FORGED, true, f);
    }

    private static Map<String, String> fields(ChargeRow c, String notifyId, String status, long amountCents, long notifyTime) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("notifyId", notifyId);
        f.put("notifyTime", Long.toString(notifyTime));
        f.put("merchantId", c.merchantId());
        f.put("appId", c.appId());
        f.put("channel", c.channel().id());
        f.put("outTradeNo", c.outTradeNo());
        f.put("tradeNo", c.tradeNo());
        if (c.orderId() != null) {
            f.put("orderId", c.orderId());
        }
        f.put("amountCents", Long.toString(amountCents));
        f.put("status", status);
        f.put("sign_type", "HMAC-SHA256");
        return f;
    }

    private static OutgoingNotice notice(ChargeRow c, NoticeKind kind, boolean forged, Map<String, String> f) {
        return new OutgoingNotice(f.get("notifyId"), c.tradeNo(), c.outTradeNo(), c.channel(), c.notifyUrl(), kind, forged,
                f.get("status"), Long.parseLong(f.get("amountCents")), f, JsonMapper.shared().writeValueAsString(f));
    }
}
