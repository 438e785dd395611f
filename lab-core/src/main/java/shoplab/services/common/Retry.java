package shoplab.services.common;

import java.util.function.BooleanSupplier;

/**
 * Retries a step a consumer must not drop (a DB or Redis briefly unreachable, a fault): the same step
 * again every 200 ms, at most 50 times (10 s), while the consumer runs; then the last failure.
 */
public final class Retry {

    private static final int ATTEMPTS = 50;
    private static final long PAUSE_MS = 200;

    private Retry() {
    }

    public static void whileRunning(BooleanSupplier running, Runnable step) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < ATTEMPTS && running.getAsBoolean(); attempt++) {
            try {
                step.run();
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(PAUSE_MS); // the store's own recovery, bounded by the attempts
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last == null ? new IllegalStateException("stopped") : last;
    }
}
