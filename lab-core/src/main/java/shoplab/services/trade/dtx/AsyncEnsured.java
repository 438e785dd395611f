package shoplab.services.trade.dtx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.tx.EffectMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Async-ensured: the purchase row is the transaction table (PENDING before any change), the reserves are
 * called in turn, and the decision (PAID or FAILED) commits in one local transaction with the effect messages
 * it owes in the outbox; the relay sends them to Kafka until the broker has them, and the participants apply
 * each once. A purchase whose coordinator died before deciding is decided FAILED by the sweeper past its
 * deadline, with its cancels in the outbox (a cancel before its reserve leaves a tombstone, so a reserve that
 * lands late does nothing).
 */
final class AsyncEnsured implements PurchaseStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncEnsured.class);

    /** How long a purchase may stay undecided before the sweeper fails it. */
    static final long DEADLINE_MS = 3000;

    private final Purchases purchases;
    private final Participants participants;
    private final Midpoint midpoint;
    private final TransactionTemplate tx;
    private final EffectRelay relay;

    AsyncEnsured(Purchases purchases, Participants participants, Midpoint midpoint, TransactionTemplate tx, EffectRelay relay) {
        this.purchases = purchases;
        this.participants = participants;
        this.midpoint = midpoint;
        this.tx = tx;
        this.relay = relay;
    }

    @Override
    public Outcome run(Purchase p) {
        purchases.begin(purchases.jdbc(), p, null, DEADLINE_MS);
        String refused = Reserves.inTurn(participants, p);
        midpoint.pass();
        boolean paid = refused == null && p.payOk();
        if (!decide(p, paid)) {
            return Outcome.failed("given up by the sweeper before its decision");
        }
        sendOwed(p.id());
        return paid ? Outcome.paid() : Outcome.failed(refused != null ? refused : "the payment failed");
    }

    /** The decision and its messages, one local transaction; false when the sweeper decided first. */
    private boolean decide(Purchase p, boolean paid) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            if (!purchases.decide(purchases.jdbc(), p.id(), paid ? Purchases.PAID : Purchases.FAILED)) {
                return false;
            }
            long now = System.currentTimeMillis();
            for (String participant : Participants.of(p)) {
                purchases.jdbc().update("INSERT INTO dtx_outbox (id, purchase_id, participant, op, created_at) VALUES (?, ?, ?, ?, ?)",
                        p.id() + ":" + participant, p.id(), participant, paid ? "confirm" : "cancel", now);
            }
            return true;
        }));
    }

    private void sendOwed(String purchaseId) {
        send(owed("WHERE purchase_id = ?", purchaseId));
    }

    /** Outbox rows as the messages they owe. */
    private List<EffectMessage> owed(String where, Object... args) {
        return purchases.jdbc().query("SELECT id, purchase_id, participant, op FROM dtx_outbox " + where,
                (rs, i) -> new EffectMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), args);
    }

    private void send(List<EffectMessage> owed) {
        if (owed.isEmpty()) {
            return;
        }
        try {
            relay.send(owed);
            for (EffectMessage m : owed) {
                purchases.jdbc().update("DELETE FROM dtx_outbox WHERE id = ?", m.id());
            }
        } catch (EffectRelay.NotSent e) {
            LOG.debug("{} effect messages stay in the outbox: {}", owed.size(), e.getMessage());
        }
    }

    @Override
    public void repair() {
        for (Purchase p : purchases.overdue(200)) {
            decide(p, false);
        }
        send(owed("ORDER BY created_at LIMIT 500"));
    }

    @Override
    public Map<String, Long> unfinished() {
        return Map.of("outboxUnsent", purchases.jdbc().queryForObject("SELECT COUNT(*) FROM dtx_outbox", Long.class));
    }
}
