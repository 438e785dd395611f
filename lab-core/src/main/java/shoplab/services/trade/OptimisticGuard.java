package shoplab.services.trade;

import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.OrderStatus;

import java.util.function.Predicate;

/**
 * {@code begin; select}; if the status allows, {@code UPDATE ... WHERE status = <read>}: the affected rows
 * decide; a loser reads again to judge by what won; commit. Plus the unique trade key.
 */
final class OptimisticGuard implements PaymentGuard {

    static final String NAME = "optimistic";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OrderStatus move(TradeDb db, TransactionTemplate tx, String orderId, Predicate<OrderStatus> may, Write write) {
        return tx.execute(t -> {
            OrderStatus s = db.status(orderId).orElseThrow();
            if (!may.test(s)) {
                return s;
            }
            return write.apply(s, true) ? null : db.status(orderId).orElseThrow(); // lost the race: what won
        });
    }
}
