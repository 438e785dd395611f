package shoplab.services.payment;

import shoplab.domain.trade.Money;

import java.net.URI;

/**
 * One payment in the provider's books.
 *
 * @param tradeNo    the provider's transaction id
 * @param orderId    the business order it pays, as the merchant passed it along (like WeChat's
 *                   {@code attach}), or {@code null}
 * @param captured   whether the money was taken (SUCCESS); a failed payment took nothing
 * @param createdAt  epoch milliseconds
 */
public record ChargeRow(String tradeNo, String merchantId, String appId, String outTradeNo, String orderId,
                        Channel channel, Money amount, boolean captured, URI notifyUrl, long createdAt) {

    /** The status notices carry: {@code SUCCESS} or {@code FAIL}. */
    public String status() {
        return captured ? "SUCCESS" : "FAIL";
    }
}
