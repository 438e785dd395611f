package shoplab.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a fresh stack's code paths for a few seconds before the measured load, so that no strategy is
 * measured on a colder JIT than another (strategies run one after another in one JVM). Its requests go
 * through the real edge but touch nothing the checkers judge, and are not part of the history.
 */
public final class WarmUp {

    /** One warm-up request: method, path and JSON body (null for a GET). */
    public record Call(String method, String path, String body) {
    }

    private WarmUp() {
    }

    /** Sends the calls round-robin from {@code concurrency} threads for {@code duration}; returns how many. */
    public static long run(URI entry, List<Call> calls, int concurrency, Duration duration) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong sent = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "warm-up");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                        Call c = calls.get((int) (sent.getAndIncrement() % calls.size()));
                        HttpRequest.Builder b = HttpRequest.newBuilder(entry.resolve(c.path())).timeout(Duration.ofSeconds(5));
                        b = c.body() == null ? b.GET() : b.header("Content-Type", "application/json")
                                .method(c.method(), HttpRequest.BodyPublishers.ofString(c.body()));
                        try {
                            http.send(b.build(), HttpResponse.BodyHandlers.discarding());
                        } catch (java.io.IOException e) {
                            // a warm-up error is no finding; the measured load will show real ones
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                try {
                    f.get(duration.toMillis() + 10_000, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    f.cancel(true);
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        return sent.get();
    }
}
