package shoplab.services.payment;

import shoplab.services.common.Signer;

/**
 * The one merchant account the provider serves. Its ids are not secrets (they are in every notice); only a
 * request signed with its key pays or refunds, as Alipay and WeChat Pay take merchant requests signed with
 * the merchant's key.
 */
public record Merchant(String merchantId, String appId, Signer key) {
}
