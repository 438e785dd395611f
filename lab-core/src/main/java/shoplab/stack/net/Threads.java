package shoplab.stack.net;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread helpers shared by the network parts of the stack: every thread the lab starts is a named daemon,
 * so a forgotten part never keeps the JVM alive and a thread dump says who owns what.
 */
public final class Threads {

    private Threads() {
    }

    /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * A pool of at most {@code threads} named daemon threads; idle threads time out, work beyond the pool
     * size queues.
     */
    public static ThreadPoolExecutor boundedPool(String prefix, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Shuts an executor down, waiting at most {@code grace} for running tasks before interrupting them. */
    public static void shutdown(ExecutorService executor, Duration grace) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
