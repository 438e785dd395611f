package shoplab.services.payment;

import shoplab.services.ServiceUnderTest;
import shoplab.services.common.Signer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Pay and refund requests as a merchant writes them: the fields, then {@code sign} with its key. */
public final class MerchantRequests {

    private MerchantRequests() {
    }

    public static String signed(String key, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("sign", new Signer(key.getBytes(StandardCharsets.UTF_8)).sign(Signer.texts(fields)));
        return ServiceUnderTest.JSON.writeValueAsString(body);
    }

    public static String pay(String key, String merchantId, String appId, String outTradeNo, long cents, String notifyUrl,
                      String channel, String orderId) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("merchantId", merchantId);
        f.put("appId", appId);
        f.put("outTradeNo", outTradeNo);
        f.put("amountCents", cents);
        f.put("notifyUrl", notifyUrl);
        f.put("channel", channel);
        if (orderId != null) {
            f.put("orderId", orderId);
        }
        return signed(key, f);
    }

    public static String refund(String key, String merchantId, String outTradeNo, long cents, String reason) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("merchantId", merchantId);
        f.put("outTradeNo", outTradeNo);
        f.put("amountCents", cents);
        if (reason != null) {
            f.put("reason", reason);
        }
        return signed(key, f);
    }
}
