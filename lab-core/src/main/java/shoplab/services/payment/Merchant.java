package shoplab.services.payment;

/** The one merchant account the provider serves: only it may pay and refund. */
public record Merchant(String merchantId, String appId) {
}
