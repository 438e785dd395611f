package shoplab.services.trade.dtx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Try, confirm, cancel. The coordinator's log is the purchase row's phase: TRYING (written before any try),
 * then CONFIRMING or CANCELLING (the decision, written before the second phase), then DONE. The second phase
 * is repeated until every participant answered it, here and by {@link #repair}, which also cancels a purchase
 * left TRYING past its deadline (its coordinator died, or a try never answered). Participants make confirm and
 * cancel idempotent behind their fence, answer a cancel before any try with an empty rollback, and refuse a
 * try that comes after its cancel.
 */
final class Tcc implements PurchaseStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(Tcc.class);

    static final String TRYING = "TRYING";
    static final String CONFIRMING = "CONFIRMING";
    static final String CANCELLING = "CANCELLING";
    static final String DONE = "DONE";
    /** How long a purchase may stay TRYING before it is cancelled. */
    static final long TRY_DEADLINE_MS = 3000;
    /** A second phase not finished this long after its decision is repeated by the repair job. */
    static final long RETRY_AFTER_MS = 1000;

    private final Purchases purchases;
    private final Participants participants;
    private final Midpoint midpoint;

    Tcc(Purchases purchases, Participants participants, Midpoint midpoint) {
        this.purchases = purchases;
        this.participants = participants;
        this.midpoint = midpoint;
    }

    @Override
    public Outcome run(Purchase p) {
        purchases.begin(purchases.jdbc(), p, TRYING, TRY_DEADLINE_MS);
        String refused = null;
        for (String participant : Participants.of(p)) {
            try {
                participants.reserve("tcc", participant, p);
            } catch (Participants.Failed e) {
                refused = e.getMessage(); // unanswered tries may still land: the cancel below (or the fence) covers them
                break;
            }
        }
        midpoint.pass();
        boolean confirm = refused == null && p.payOk();
        if (!decide(p.id(), confirm)) {
            confirm = CONFIRMING.equals(phase(p.id())); // the repair job decided first: follow it
        }
        secondPhase(p, confirm);
        return confirm ? Outcome.paid() : Outcome.failed(refused != null ? refused : "the payment failed");
    }

    /** TRYING to CONFIRMING or CANCELLING; false when it was decided already. */
    private boolean decide(String id, boolean confirm) {
        return purchases.jdbc().update("UPDATE dtx_purchase SET phase = ?, decided_at = ? WHERE purchase_id = ? AND phase = 'TRYING'",
                confirm ? CONFIRMING : CANCELLING, System.currentTimeMillis(), id) == 1;
    }

    private String phase(String id) {
        return purchases.jdbc().queryForList("SELECT phase FROM dtx_purchase WHERE purchase_id = ?", String.class, id)
                .stream().findFirst().orElse(null);
    }

    /** Confirms or cancels on every participant; DONE (and PAID or FAILED) once all answered, else left for repair. */
    private void secondPhase(Purchase p, boolean confirm) {
        for (String participant : Participants.of(p)) {
            try {
                participants.settle("tcc", participant, p.id(), confirm);
            } catch (Participants.Failed e) {
                LOG.debug("{} of {} on {} not done yet: {}", confirm ? "confirm" : "cancel", p.id(), participant, e.getMessage());
                return;
            }
        }
        purchases.jdbc().update("UPDATE dtx_purchase SET phase = 'DONE', status = ? WHERE purchase_id = ? AND phase IN ('CONFIRMING', 'CANCELLING')",
                confirm ? Purchases.PAID : Purchases.FAILED, p.id());
    }

    @Override
    public void repair() {
        long now = System.currentTimeMillis();
        purchases.jdbc().update("UPDATE dtx_purchase SET phase = 'CANCELLING', decided_at = ? WHERE phase = 'TRYING' AND deadline_at < ?",
                now, now);
        List<Map<String, Object>> owed = purchases.jdbc().queryForList("SELECT purchase_id, phase FROM dtx_purchase "
                + "WHERE phase IN ('CONFIRMING', 'CANCELLING') AND decided_at < ? ORDER BY decided_at LIMIT 200", now - RETRY_AFTER_MS);
        for (Map<String, Object> row : owed) {
            secondPhase(purchases.find((String) row.get("purchase_id")), CONFIRMING.equals(row.get("phase")));
        }
    }

    @Override
    public Map<String, Long> unfinished() {
        return Map.of("tccUndecided", purchases.jdbc().queryForObject(
                "SELECT COUNT(*) FROM dtx_purchase WHERE phase IS NOT NULL AND phase <> 'DONE'", Long.class));
    }
}
