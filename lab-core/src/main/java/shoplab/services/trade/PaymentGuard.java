package shoplab.services.trade;

import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.OrderStatus;

import java.util.Map;
import java.util.function.Predicate;

/**
 * How the trade service keeps a duplicate payment notice, and a second click on pay, from acting twice: the
 * three ways of the architecture note's "Trade consistency: duplicate payment" (mechanism
 * {@code payment-guard}). What differs between them is how one status move of an order is read, checked
 * and written ({@link #move}); the pay button and the notices run every move through the run's guard.
 */
interface PaymentGuard {

    /** The guards by strategy name, as {@link PaymentGuardMechanism} lists them. */
    Map<String, PaymentGuard> ALL = Map.of(
            NaiveGuard.NAME, new NaiveGuard(),
            PessimisticGuard.NAME, new PessimisticGuard(),
            OptimisticGuard.NAME, new OptimisticGuard());

    static PaymentGuard named(String name) {
        PaymentGuard g = name == null ? null : ALL.get(name.trim());
        if (g == null) {
            throw new IllegalArgumentException("unknown payment guard '" + name + "': naive, pessimistic or optimistic");
        }
        return g;
    }

    String name();

    // The safeguards every safe guard has; the naive one lacks them all.

    /**
     * The safe guards' second line: the accepted notices carry a unique key on (channel, provider trade no),
     * so a duplicate notice that got past the status check still cannot be accepted twice.
     */
    default boolean uniqueTradeKey() {
        return true;
    }

    /**
     * A second click while the order is PAYING: true makes another payment order (and the provider another
     * charge), as naive check-then-act does; false reuses the one made.
     */
    default boolean newPaymentWhilePaying() {
        return false;
    }

    /** A SUCCESS for an order another payment of it already paid: refunded (true), or taken for a duplicate. */
    default boolean refundsRivalPayment() {
        return true;
    }

    /** The write of a move: told the status read and whether to write only from it; true when it moved the order. */
    @FunctionalInterface
    interface Write {
        boolean apply(OrderStatus read, boolean conditional);
    }

    /**
     * One status move: read the order's status, and when {@code may} accepts it, {@code write} the move.
     *
     * @return null when this call moved the order; else the status that stopped it (read again where a
     *         rival's move won meanwhile)
     */
    OrderStatus move(TradeDb db, TransactionTemplate tx, String orderId, Predicate<OrderStatus> may, Write write);
}
