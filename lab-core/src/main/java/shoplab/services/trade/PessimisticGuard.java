package shoplab.services.trade;

import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.OrderStatus;
import shoplab.services.common.RaceWindow;
import shoplab.services.common.Safeguards;

import java.util.function.Predicate;

/**
 * {@code begin; SELECT ... FOR UPDATE}; move if the locked status allows; commit. The lock is the guard: the
 * writes need no predicate, nobody else moves the order while it is held. Plus the unique trade key.
 */
record PessimisticGuard(Safeguards safeguards, RaceWindow race) implements PaymentGuard {

    static final String NAME = "pessimistic";
    /** The safeguard: the order's row stays locked from the status read to the commit. */
    static final String FOR_UPDATE = "for-update";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OrderStatus move(TradeDb db, TransactionTemplate tx, String orderId, Predicate<OrderStatus> may, Write write) {
        boolean forUpdate = safeguards.on(FOR_UPDATE);
        return tx.execute(t -> {
            OrderStatus s = (forUpdate ? db.statusForUpdate(orderId) : db.status(orderId)).orElseThrow();
            if (!may.test(s)) {
                return s;
            }
            if (!forUpdate) {
                race.between(orderId); // nothing holds a rival between this read and the write
            }
            return write.apply(s, false) ? null : s;
        });
    }
}
