package shoplab.services.payment;

import java.net.URI;
import java.util.Map;

/**
 * One notice as it goes on the wire: the signed fields (all strings) and its JSON, with what the
 * provider knows about it (kind, forged) and the merchant does not.
 *
 * @param fields the notice's fields including {@code sign}, in the order they are sent
 */
public record OutgoingNotice(String notifyId, String tradeNo, String outTradeNo, Channel channel, URI notifyUrl,
                             NoticeKind kind, boolean forged, String claimedStatus, long amountCents,
                             Map<String, String> fields, String json) {

    public OutgoingNotice {
        fields = Map.copyOf(fields);
    }

    /** The same notice, sent again for another reason (a duplicate or a concurrent copy). */
    public OutgoingNotice as(NoticeKind again) {
        return new OutgoingNotice(notifyId, tradeNo, outTradeNo, channel, notifyUrl, again, forged, claimedStatus,
                amountCents, fields, json);
    }
}
