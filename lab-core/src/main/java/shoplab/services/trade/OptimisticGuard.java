package shoplab.services.trade;

import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.OrderStatus;
import shoplab.services.common.RaceWindow;
import shoplab.services.common.Safeguards;

import java.util.function.Predicate;

/**
 * {@code begin; select}; if the status allows, {@code UPDATE ... WHERE status = <read>}: the affected rows
 * decide; a loser reads again to judge by what won; commit. Plus the unique trade key.
 */
record OptimisticGuard(Safeguards safeguards, RaceWindow race) implements PaymentGuard {

    static final String NAME = "optimistic";
    /** The safeguard: every move writes only WHERE the status is still the one read. */
    static final String STATUS_PREDICATE = "status-predicate";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OrderStatus move(TradeDb db, TransactionTemplate tx, String orderId, Predicate<OrderStatus> may, Write write) {
        boolean statusPredicate = safeguards.on(STATUS_PREDICATE);
        return tx.execute(t -> {
            OrderStatus s = db.status(orderId).orElseThrow();
            if (!may.test(s)) {
                return s;
            }
            if (!statusPredicate) {
                race.between(orderId); // nothing stops a rival that read the same status
            }
            return write.apply(s, statusPredicate) ? null : db.status(orderId).orElseThrow(); // lost the race: what won
        });
    }
}
