package shoplab.scenarios.payment.checks;

import java.util.Objects;

/**
 * A payment notice the trade service accepted.
 *
 * @param noticeId the notice id
 * @param orderId  the order it claimed to pay
 * @param forged   whether the harness forged it (bad signature or wrong amount)
 * @param atMs     when it was accepted, lab-clock milliseconds
 */
public record AcceptedNotice(String noticeId, String orderId, boolean forged, long atMs) {

    public AcceptedNotice {
        Objects.requireNonNull(noticeId, "noticeId");
        Objects.requireNonNull(orderId, "orderId");
    }
}
