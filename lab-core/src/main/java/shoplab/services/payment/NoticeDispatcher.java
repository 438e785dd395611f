package shoplab.services.payment;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Delivers notices to merchants asynchronously. One timer thread schedules every delivery and records
 * every answer (so the notice log is written by one thread, in order); the HTTP goes out on a
 * non-blocking client with two I/O threads, so a slow or dead merchant ties up no thread and a burst of
 * copies really is concurrent (one connection each). Both are bounded and stopped when the context closes.
 */
public final class NoticeDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeDispatcher.class);

    /** Connections to one merchant: enough for a concurrent burst of the largest size. */
    private static final int CONNECTIONS = 4 * Storm.MAX_COPIES;

    private final Ledger ledger;
    private final LabTime time;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("payment-notice-timer", true));
    private final CloseableHttpAsyncClient http;
    /** Deliveries scheduled or in flight; 0 when the provider has nothing more to send. */
    private final AtomicInteger pending = new AtomicInteger();

    private volatile boolean closing;

    public NoticeDispatcher(Ledger ledger, LabTime time, long timeoutMs) {
        this.ledger = ledger;
        this.time = time;
        Timeout timeout = Timeout.ofMilliseconds(timeoutMs);
        this.http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(CONNECTIONS).setMaxConnPerRoute(CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).build())
                .setThreadFactory(new DefaultThreadFactory("payment-notify", true))
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableAutomaticRetries() // the channel's schedule is the only retry
                // An IMMEDIATE close races the reactor's own event loop (a ConcurrentModificationException at
                // nearly every stop); what the reactor throws once closing began is that race, not news.
                .setIoReactorExceptionCallback(e -> {
                    if (!closing) {
                        LOG.error("payment notice I/O failed", e);
                    }
                })
                .build();
        http.start();
    }

    /**
     * Sends {@code n} after {@code delayMs}; when {@code retried}, again on its channel's schedule until
     * the merchant acknowledges it or the schedule ends. {@code afterFirst} (may be null) runs once the
     * first delivery was answered, acknowledged or not.
     */
    public void send(OutgoingNotice n, long delayMs, boolean retried, Runnable afterFirst) {
        schedule(delayMs, () -> deliver(n, 1, retried, afterFirst));
    }

    /** Fires {@code copies} copies of {@code n} together, each on its own connection, each once. */
    public void burst(OutgoingNotice n, int copies) {
        pending.addAndGet(copies);
        onTimer(() -> {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                ids.add(ledger.sent(n, 1, System.currentTimeMillis())); // logged first, so the posts go out back to back
            }
            ids.forEach(id -> post(n, id, answer -> { }));
        }, copies);
    }

    public int pending() {
        return pending.get();
    }

    private void deliver(OutgoingNotice n, int attempt, boolean retried, Runnable afterFirst) {
        long id = ledger.sent(n, attempt, System.currentTimeMillis());
        post(n, id, acknowledged -> {
            if (attempt == 1 && afterFirst != null) {
                afterFirst.run();
            }
            if (retried && !acknowledged) {
                n.channel().retryAfter(attempt).ifPresent(wait ->
                        schedule(time.millis(wait), () -> deliver(n, attempt + 1, true, null)));
            }
        });
    }

    /** Posts the notice; the answer is recorded, then {@code then} runs, on the timer thread. */
    private void post(OutgoingNotice n, long id, Consumer<Boolean> then) {
        SimpleHttpRequest request = SimpleRequestBuilder.post(n.notifyUrl()).setBody(n.json(), ContentType.APPLICATION_JSON).build();
        FutureCallback<SimpleHttpResponse> answer = new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse r) {
                answered(id, r.getCode(), n.channel().acknowledges(r.getCode(), r.getBodyText()), then);
            }

            @Override
            public void failed(Exception e) {
                answered(id, 0, false, then);
            }

            @Override
            public void cancelled() {
                answered(id, 0, false, then);
            }
        };
        try {
            http.execute(request, answer);
        } catch (IllegalStateException closing) {
            answer.cancelled();
        }
    }

    /** Ends one pending delivery: records the answer and runs what follows it, on the timer thread. */
    private void answered(long id, int status, boolean acknowledged, Consumer<Boolean> then) {
        onTimer(() -> {
            ledger.answered(id, status, acknowledged, System.currentTimeMillis());
            then.accept(acknowledged);
            pending.decrementAndGet();
        }, 1);
    }

    private void schedule(long delayMs, Runnable delivery) {
        pending.incrementAndGet();
        try {
            timer.schedule(() -> guarded(delivery, 1), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            pending.decrementAndGet();
        }
    }

    /**
     * Runs {@code work} on the timer thread. It owns {@code owned} pending deliveries: once it ran, it (or
     * the answers to the posts it made) ends them; they end here if it cannot run or throws.
     */
    private void onTimer(Runnable work, int owned) {
        try {
            timer.execute(() -> guarded(work, owned));
        } catch (RejectedExecutionException closing) {
            pending.addAndGet(-owned);
        }
    }

    private void guarded(Runnable work, int owned) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // The notice log is the provider's own H2; if it fails, this delivery is lost, not the dispatcher.
            LOG.warn("notice delivery failed: {}", e.toString());
            pending.addAndGet(-owned);
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        closing = true;
        http.close(CloseMode.IMMEDIATE);
        timer.awaitTermination(2, TimeUnit.SECONDS);
        http.awaitShutdown(TimeValue.ofSeconds(2));
    }
}
