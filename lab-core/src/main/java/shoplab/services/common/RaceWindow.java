package shoplab.services.common;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Races on demand: a seam in the gap between a read and the write that depends on it, where a strategy
 * has such a gap (the unsafe ones, and the mutants). The first request to reach it for a key opens a gate
 * for the window; every request that reaches it for the same key meanwhile joins, and when the window
 * ends they all go on together. Everyone who read within the window has read before anyone writes: the
 * interleaving that breaks check-then-act (two buyers both see the last unit, two notices both see PAYING)
 * is forced, not hoped for, whatever the machine's speed. A window of 0 (the default) costs nothing.
 */
public final class RaceWindow {

    /** The service property: the window in milliseconds; 0 leaves the race to chance. */
    public static final String PROPERTY = "shoplab.race.window-ms";

    public static final RaceWindow NONE = new RaceWindow(0);

    private final long windowMs;
    private final ConcurrentHashMap<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    public RaceWindow(long windowMs) {
        if (windowMs < 0 || windowMs > 10_000) {
            throw new IllegalArgumentException(PROPERTY + " must be 0-10000 ms, was " + windowMs);
        }
        this.windowMs = windowMs;
    }

    /** Whether a gate is open for {@code key} now (for tests). */
    boolean holds(String key) {
        return gates.containsKey(key);
    }

    /** Between the read and the write for {@code key}: waits with every rival that arrives within the window. */
    public void between(String key) {
        if (windowMs == 0) {
            return;
        }
        CountDownLatch mine = new CountDownLatch(1);
        CountDownLatch open = gates.putIfAbsent(key, mine);
        try {
            if (open != null) {
                open.await(2 * windowMs, TimeUnit.MILLISECONDS); // bounded: the opener always releases
                return;
            }
            Thread.sleep(windowMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (open == null) {
                gates.remove(key, mine);
                mine.countDown();
            }
        }
    }
}
