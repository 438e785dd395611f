package shoplab.scenarios.payment.checks;

import java.util.Objects;

/**
 * One entry of the payment provider's ledger: money actually taken from the buyer.
 *
 * @param chargeId    the provider's transaction id
 * @param paymentId   the merchant's payment order it was asked for under (the provider's outTradeNo)
 * @param orderId     the order it paid for, as the pay request named it (null when it named none)
 * @param amountCents the amount taken, cents
 * @param atMs        when, lab-clock milliseconds
 * @param refunded    whether it was refunded
 */
public record Charge(String chargeId, String paymentId, String orderId, long amountCents, long atMs, boolean refunded) {

    public Charge {
        Objects.requireNonNull(chargeId, "chargeId");
        Objects.requireNonNull(paymentId, "paymentId");
        if (amountCents < 0) {
            throw new IllegalArgumentException("charge " + chargeId + " has a negative amount");
        }
    }
}
