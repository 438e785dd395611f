package shoplab.services.trade.dtx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.services.tx.EffectMessage;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Transactional messages: after the reserves, a half message carrying the decision's effects is sent (held by
 * the broker), the decision commits locally (the purchase PAID or FAILED), then COMMIT releases the half to the
 * participants; a local transaction that did not happen sends ROLLBACK. A coordinator that died between the
 * half and its COMMIT is asked by the broker's check-back, which answers from the purchase row. A purchase left
 * undecided past its deadline is failed by the sweeper the same way (a half with the cancels, then the decision).
 */
final class TxMessage implements PurchaseStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(TxMessage.class);

    static final long DEADLINE_MS = 3000;

    private final Purchases purchases;
    private final Participants participants;
    private final Midpoint midpoint;
    private final EffectRelay relay;
    private final ObjectMapper json;
    private HalfMessages broker;

    TxMessage(Purchases purchases, Participants participants, Midpoint midpoint, EffectRelay relay, ObjectMapper json) {
        this.purchases = purchases;
        this.participants = participants;
        this.midpoint = midpoint;
        this.relay = relay;
        this.json = json;
    }

    void broker(HalfMessages broker) {
        this.broker = broker;
    }

    @Override
    public Outcome run(Purchase p) {
        purchases.begin(purchases.jdbc(), p, null, DEADLINE_MS);
        String refused = Reserves.inTurn(participants, p);
        boolean paid = refused == null && p.payOk();
        if (!decide(p, paid, midpoint)) {
            return Outcome.failed("given up by the sweeper before its decision");
        }
        return paid ? Outcome.paid() : Outcome.failed(refused != null ? refused : "the payment failed");
    }

    /** Half, local decision, COMMIT or ROLLBACK; false when the half could not be sent or the sweeper decided first. */
    private boolean decide(Purchase p, boolean paid, Midpoint between) {
        String op = paid ? "confirm" : "cancel";
        String txId = p.id() + ":" + op;
        List<Map<String, String>> effects = new ArrayList<>();
        for (String participant : Participants.of(p)) {
            effects.add(new EffectMessage(txId + ":" + participant, p.id(), participant, op).body());
        }
        try {
            relay.send(HalfMessages.HALF, List.of(new EffectRelay.Keyed(txId,
                    json.writeValueAsString(Map.of("atMs", System.currentTimeMillis(), "effects", effects)))));
        } catch (EffectRelay.NotSent e) {
            LOG.debug("half of {} not sent, the purchase stays undecided for the sweeper: {}", p.id(), e.getMessage());
            return false;
        }
        if (between != null) {
            between.pass(); // the half is at the broker, the local transaction not done: what the check-back is for
        }
        boolean decided = purchases.decide(purchases.jdbc(), p.id(), paid ? Purchases.PAID : Purchases.FAILED);
        try {
            relay.send(HalfMessages.OP, List.of(new EffectRelay.Keyed(txId,
                    json.writeValueAsString(Map.of("op", decided ? "COMMIT" : "ROLLBACK")))));
        } catch (EffectRelay.NotSent e) {
            LOG.debug("{} of {} not sent: the broker will check back", decided ? "COMMIT" : "ROLLBACK", txId);
        }
        return decided;
    }

    /** The broker's question about a half it holds: did the local transaction of {@code txId} commit? */
    String checkBack(String txId) {
        int colon = txId.lastIndexOf(':');
        String status = purchases.status(txId.substring(0, colon));
        boolean confirm = txId.endsWith(":confirm");
        if (status == null || status.equals(Purchases.PENDING)) {
            return status == null ? "ROLLBACK" : "UNKNOWN";
        }
        return status.equals(confirm ? Purchases.PAID : Purchases.FAILED) ? "COMMIT" : "ROLLBACK";
    }

    @Override
    public void repair() {
        for (Purchase p : purchases.overdue(200)) {
            decide(p, false, null);
        }
    }

    @Override
    public Map<String, Long> unfinished() {
        return Map.of("halfUndecided", broker == null ? 0 : broker.undecided());
    }
}
