package shoplab.services.order;

import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/**
 * Stops every stock change this order service makes (placing orders, releasing expired holds) while the
 * stock's admission gate is rebuilt after its Redis failed over: placements are refused at once (503, shed,
 * Retry-After) and the hold returns only once the ones already under way have finished, so the rebuild
 * counts every order that took a unit. Releasing the hold lets them through again.
 */
@Component
public class StockHold {

    /** How long a hold waits for the placements under way (each bounded by its calls' timeouts). */
    static final long DRAIN_SECONDS = 10;

    private final StampedLock lock = new StampedLock();
    private volatile boolean held;
    private long stamp;

    /** Runs a stock change unless a hold is on (then: null, nothing ran). */
    <T> T unlessHeld(Supplier<T> change) {
        if (held) {
            return null;
        }
        long read = lock.tryReadLock();
        if (read == 0) {
            return null;
        }
        try {
            return change.get();
        } finally {
            lock.unlockRead(read);
        }
    }

    /** Refuses new stock changes and waits for those under way; true once none runs (false: they did not finish in time, no hold). */
    synchronized boolean hold() throws InterruptedException {
        if (held) {
            return true;
        }
        held = true;
        long s = lock.tryWriteLock(DRAIN_SECONDS, TimeUnit.SECONDS);
        if (s == 0) {
            held = false;
            return false;
        }
        stamp = s;
        return true;
    }

    synchronized void release() {
        if (!held) {
            return;
        }
        lock.unlockWrite(stamp);
        held = false;
    }
}
