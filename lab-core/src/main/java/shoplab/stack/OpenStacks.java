package shoplab.stack;

import java.util.concurrent.TimeUnit;

/**
 * How many stacks of this JVM are booting or up. Kafka's embedded broker deletes its folder from a JVM
 * shutdown hook of its own; on Ctrl-C or SIGTERM that hook would run beside the lab's, which is still
 * stopping the broker, and the broker would log a hundred lines of missing files. Kafka's hooks wait here,
 * bounded, until the lab has closed its stacks.
 */
public final class OpenStacks {

    private static int open;

    private OpenStacks() {
    }

    static synchronized void opened() {
        open++;
    }

    static synchronized void closed() {
        open--;
        OpenStacks.class.notifyAll();
    }

    /** Waits until no stack is open, at most {@code millis}. */
    public static synchronized void awaitNone(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (open > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                OpenStacks.class.wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
