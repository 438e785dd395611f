package shoplab.services.trade.dtx;

import shoplab.services.tx.XaCoordinator;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The point of a purchase between its first change and its last (after the tries, the reserves, or 2PC's
 * prepare): while the lab's {@code hold} window is open, purchases wait here, so a kill lands on purchases
 * that are half done rather than hoping to catch some ({@link XaCoordinator#HOLD_AT_MOST} at most, so the service's
 * request threads stay free for the lab's call that ends the hold). When the coordinator dies ({@link #crash}) the
 * waiting purchases end there, as a killed process's threads would: nothing after this point runs.
 */
final class Midpoint {

    /** Thrown into purchases waiting when their coordinator is killed: an Error, so no catch of Exception resumes them. */
    static final class CoordinatorCrashed extends Error {
        CoordinatorCrashed() {
            super("the coordinator was killed while this purchase waited between its first and last change");
        }
    }

    private final LabWindows windows;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean crashed;

    Midpoint(LabWindows windows) {
        this.windows = windows;
    }

    void pass() {
        if (crashed) {
            throw new CoordinatorCrashed();
        }
        if (!windows.open(LabWindows.HOLD)) {
            return;
        }
        if (waiting.incrementAndGet() > XaCoordinator.HOLD_AT_MOST) {
            waiting.decrementAndGet(); // enough wait already: this one goes on
            return;
        }
        try {
            synchronized (this) {
                while (!crashed && windows.open(LabWindows.HOLD)) {
                    wait(50); // the window's close is a flag: looked at every 50 ms, or at once on release()
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorCrashed();
        } finally {
            waiting.decrementAndGet();
        }
        if (crashed) {
            throw new CoordinatorCrashed();
        }
    }

    int waiting() {
        return waiting.get();
    }

    /** The hold window closed: the waiting purchases go on. */
    synchronized void release() {
        notifyAll();
    }

    /** The coordinator dies: the waiting purchases never go on. */
    synchronized void crash() {
        crashed = true;
        notifyAll();
    }
}
