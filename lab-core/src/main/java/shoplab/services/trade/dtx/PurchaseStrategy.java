package shoplab.services.trade.dtx;

import java.util.Map;

/** One way of keeping a purchase's three changes all or nothing ({@link DistributedTxMechanism}'s strategies). */
interface PurchaseStrategy extends AutoCloseable {

    /** The purchase's outcome as the shopper is told it; the reason says why a FAILED one failed. */
    record Outcome(String status, String reason) {
        static Outcome paid() {
            return new Outcome(Purchases.PAID, null);
        }

        static Outcome failed(String reason) {
            return new Outcome(Purchases.FAILED, reason);
        }
    }

    Outcome run(Purchase p);

    /** The strategy's own repair, run every {@link DtxJobs#PERIOD_MS}: retries, the sweeper, recovery. */
    default void repair() {
    }

    /** The lab's hold window opened or closed: a strategy with a midpoint of its own (2PC's phase 2) holds there too. */
    default void hold(boolean on) {
    }

    /** How many purchases its own midpoint holds now. */
    default int held() {
        return 0;
    }

    /** What it has not finished: {@code tccUndecided}, {@code outboxUnsent}, {@code halfUndecided}, {@code inDoubt}. */
    default Map<String, Long> unfinished() {
        return Map.of();
    }

    /** Whether there is work left from before this coordinator started (its repair must run now). */
    default boolean leftOver() {
        return unfinished().values().stream().anyMatch(n -> n != 0);
    }

    @Override
    default void close() {
    }
}
