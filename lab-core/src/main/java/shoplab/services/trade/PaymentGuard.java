package shoplab.services.trade;

import shoplab.services.common.RaceWindow;
import shoplab.services.common.Safeguards;
import shoplab.topology.Mechanism;

import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.OrderStatus;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How the trade service keeps a duplicate payment notice, and a second click on pay, from acting twice: the
 * three ways of the architecture note's "Trade consistency: duplicate payment" (mechanism
 * {@code payment-guard}). What differs between them is how one status move of an order is read, checked
 * and written ({@link #move}); the pay button and the notices run every move through the run's guard.
 */
interface PaymentGuard {

    // The safeguards of the trade service that every guard has (the naive guard lacks the unique key), each
    // switched off alone by a mutant of PaymentGuardMechanism.
    String UNIQUE_TRADE_KEY = "unique-trade-key";
    String SIGNATURE_CHECK = "signature-check";
    String REFUND_AFTER_CLOSE = "refund-after-close";
    String RESTORE_ON_FAILURE = "restore-on-failure";
    String RESTORE_ON_TIMEOUT = "restore-on-timeout";
    Set<String> SHARED = Set.of(UNIQUE_TRADE_KEY, SIGNATURE_CHECK, REFUND_AFTER_CLOSE, RESTORE_ON_FAILURE, RESTORE_ON_TIMEOUT);

    /** Builds a guard with the safeguards given and the race window the lab may widen its read-write gap by. */
    interface Factory {
        PaymentGuard create(Safeguards safeguards, RaceWindow race);
    }

    /** The guards by strategy name, as {@link PaymentGuardMechanism} lists them. */
    Map<String, Factory> ALL = Map.of(
            NaiveGuard.NAME, NaiveGuard::new,
            PessimisticGuard.NAME, PessimisticGuard::new,
            OptimisticGuard.NAME, OptimisticGuard::new);

    /** What each guard can be run without (a test keeps PaymentGuardMechanism's mutants among them). */
    Map<String, Set<String>> SAFEGUARDS = Map.of(
            NaiveGuard.NAME, Set.of(SIGNATURE_CHECK, REFUND_AFTER_CLOSE, RESTORE_ON_FAILURE, RESTORE_ON_TIMEOUT),
            PessimisticGuard.NAME, with(SHARED, PessimisticGuard.FOR_UPDATE),
            OptimisticGuard.NAME, with(SHARED, OptimisticGuard.STATUS_PREDICATE));

    static PaymentGuard named(String name) {
        return named(name, RaceWindow.NONE);
    }

    /** A guard by strategy name, or a mutant's: its guard with one safeguard off. */
    static PaymentGuard named(String name, RaceWindow race) {
        String n = name == null ? "" : name.trim();
        Mechanism.Mutant mutant = new PaymentGuardMechanism().mutants().stream().filter(m -> m.name().equals(n))
                .findFirst().orElse(null);
        String base = mutant == null ? n : mutant.strategy();
        Factory f = ALL.get(base);
        if (f == null) {
            throw new IllegalArgumentException("unknown payment guard '" + name + "': naive, pessimistic or optimistic, or a mutant of one");
        }
        Safeguards on = (mutant == null ? Safeguards.ALL : new Safeguards(mutant.safeguard())).requireKnown(base, SAFEGUARDS.get(base));
        return f.create(on, race);
    }

    private static Set<String> with(Set<String> shared, String own) {
        Set<String> all = new java.util.HashSet<>(shared);
        all.add(own);
        return Set.copyOf(all);
    }

    String name();

    /** Which safeguards are on: all, unless this is a mutant. */
    Safeguards safeguards();

    /**
     * The safe guards' second line: the accepted notices carry a unique key on (channel, provider trade no),
     * so a duplicate notice that got past the status check still cannot be accepted twice.
     */
    default boolean uniqueTradeKey() {
        return safeguards().on(UNIQUE_TRADE_KEY);
    }

    /** A notice counts only when the provider's key signed it. */
    default boolean verifiesSignature() {
        return safeguards().on(SIGNATURE_CHECK);
    }

    /** A payment that succeeds for a CLOSED or CANCELLED order is refunded. */
    default boolean refundsAfterClose() {
        return safeguards().on(REFUND_AFTER_CLOSE);
    }

    /** An order that ended so (CANCELLED: its payment failed; CLOSED: it timed out) gives back stock and coupon. */
    default boolean restoresAfter(OrderStatus ended) {
        return switch (ended) {
            case CANCELLED -> safeguards().on(RESTORE_ON_FAILURE);
            case CLOSED -> safeguards().on(RESTORE_ON_TIMEOUT);
            default -> false;
        };
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
