package shoplab.services.trade.dtx;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import shoplab.services.tx.XaBranches;
import shoplab.services.tx.XaCoordinator;

import java.util.Map;

/**
 * Two-phase commit: one XA transaction per purchase, driven by Narayana ({@link XaCoordinator}), with a branch
 * in each database: the trade's purchase row (PAID), the inventory's unit and the coupon, each taken at once.
 * A failed payment or a refused branch rolls the whole transaction back, and a FAILED row records it. Every
 * branch holds its rows locked from its work to phase 2, across a coordinator's death: the prepared branches
 * stay in doubt in MariaDB until the restarted coordinator's recovery commits what its log says was decided.
 */
final class TwoPhaseCommit implements PurchaseStrategy {

    /** Recovery runs this often (and once at start): each pass asks every participant for its prepared branches. */
    static final long RECOVER_EVERY_MS = 1000;

    /** The payment failed inside the transaction: everything rolls back. */
    private static final class PaymentFailed extends Exception {
        PaymentFailed() {
            super("the payment failed");
        }
    }

    private final Purchases purchases;
    private final Participants participants;
    private final XaCoordinator xa;
    private final XaBranches own;
    private long lastRecovery;

    TwoPhaseCommit(Purchases purchases, Participants participants, XaCoordinator xa, XaBranches own) {
        this.purchases = purchases;
        this.participants = participants;
        this.xa = xa;
        this.own = own;
        xa.addRecoverable("trade", own::resource);
        xa.addRecoverable(Participants.STOCK, () -> RemoteXaBranch.forRecovery(participants.service(Participants.STOCK)));
        xa.addRecoverable(Participants.COUPON, () -> RemoteXaBranch.forRecovery(participants.service(Participants.COUPON)));
    }

    @Override
    public Outcome run(Purchase p) {
        try {
            xa.inTransaction(enlist -> {
                XaBranches.Resource trade = own.resource();
                enlist.accept(trade); // started: its connection is the branch's
                purchases.insertDecided(new JdbcTemplate(new SingleConnectionDataSource(trade.connection(), true)), p, Purchases.PAID);
                for (String participant : Participants.of(p)) {
                    enlist.accept(new RemoteXaBranch(participants.service(participant), p.id(), Participants.key(participant, p)));
                }
                if (!p.payOk()) {
                    throw new PaymentFailed();
                }
                return null;
            });
            return Outcome.paid();
        } catch (Exception e) {
            if (!purchases.exists(p.id())) {
                purchases.insertDecided(purchases.jdbc(), p, Purchases.FAILED);
            }
            return Outcome.failed(e instanceof PaymentFailed ? e.getMessage() : "the transaction rolled back: " + e);
        }
    }

    @Override
    public void hold(boolean on) {
        xa.holdAfterPrepare(on);
    }

    @Override
    public int held() {
        return xa.held();
    }

    @Override
    public void repair() {
        long now = System.currentTimeMillis();
        if (now - lastRecovery >= RECOVER_EVERY_MS) {
            lastRecovery = now;
            xa.recover();
        }
    }

    @Override
    public Map<String, Long> unfinished() {
        return Map.of("inDoubt", (long) own.inDoubt());
    }

    /** Transactions in the log (a dead coordinator's, to commit) or a branch of the trade's own in doubt. */
    @Override
    public boolean leftOver() {
        return xa.logs() > 0 || own.inDoubt() > 0;
    }

    /** The coordinator dies: purchases held after prepare never reach phase 2. */
    void crash() {
        xa.crash();
    }

    @Override
    public void close() {
        xa.close();
        own.close();
    }
}
