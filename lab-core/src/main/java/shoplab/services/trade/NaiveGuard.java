package shoplab.services.trade;

import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.OrderStatus;
import shoplab.services.common.RaceWindow;
import shoplab.services.common.Safeguards;

import java.util.function.Predicate;

/**
 * Select, check the status in Java, update: no transaction, no unique key, no conditional write. Nothing
 * stops a second notice or click that read the status before the first wrote it. Deliberately unsafe;
 * the race window widens its gap between the read and the write.
 */
record NaiveGuard(Safeguards safeguards, RaceWindow race) implements PaymentGuard {

    static final String NAME = "naive";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean uniqueTradeKey() {
        return false;
    }

    @Override
    public boolean newPaymentWhilePaying() {
        return true;
    }

    @Override
    public boolean refundsRivalPayment() {
        return false;
    }

    @Override
    public OrderStatus move(TradeDb db, TransactionTemplate tx, String orderId, Predicate<OrderStatus> may, Write write) {
        OrderStatus s = db.order(orderId).orElseThrow().status(); // select * from the order
        if (!may.test(s)) {
            return s;
        }
        race.between(orderId);
        return write.apply(s, false) ? null : s;
    }
}
