package shoplab.services.trade;

import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.OrderStatus;

import java.util.function.Predicate;

/** {@code begin; SELECT ... FOR UPDATE}; move if the locked status allows; commit. Plus the unique trade key. */
final class PessimisticGuard implements PaymentGuard {

    static final String NAME = "pessimistic";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OrderStatus move(TradeDb db, TransactionTemplate tx, String orderId, Predicate<OrderStatus> may, Write write) {
        return tx.execute(t -> {
            OrderStatus s = db.statusForUpdate(orderId).orElseThrow();
            return may.test(s) && write.apply(s, true) ? null : s;
        });
    }
}
