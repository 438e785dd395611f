package shoplab.services.trade;

import shoplab.services.common.Signer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This shop's account at the payment provider: the ids every request and notice carries, and the key its
 * requests are signed with (the provider refuses a pay or refund request without the merchant's signature).
 */
record MerchantAccount(String merchantId, String appId, Signer key) {

    /** The request with its {@code sign} field added. */
    Map<String, Object> signed(Map<String, Object> request) {
        Map<String, Object> r = new LinkedHashMap<>(request);
        r.put("sign", key.sign(Signer.texts(request)));
        return r;
    }
}
