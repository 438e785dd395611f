package shoplab.stack.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import shoplab.stack.edge.ProxyCache.Answer;
import shoplab.stack.edge.ProxyCache.CachedRoute;
import shoplab.stack.edge.ProxyCache.Request;
import shoplab.stack.edge.ProxyCache.Result;
import shoplab.stack.edge.ProxyCache.Stats;
import shoplab.stack.edge.ProxyCache.Status;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProxyCacheTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final List<CachedRoute> CATALOG = List.of(new CachedRoute("/api/catalog", MINUTE));

    /** The cache's clock, in nanoseconds: moved by the tests, never by time. */
    private final AtomicLong now = new AtomicLong(1_000);

    private ProxyCache cache(List<CachedRoute> routes) {
        return new ProxyCache(routes, ProxyCache.MAX_ENTRIES, ProxyCache.MAX_BYTES, ProxyCache.LOCK_TIMEOUT, now::get);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static Request get(String path) {
        return new Request("GET", path, null, EmptyHttpHeaders.INSTANCE);
    }

    private static Request request(String method, String path, String... headers) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return new Request(method, path, null, h);
    }

    private static Answer answer(int status, String body, String... headers) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return new Answer(status, h, body.getBytes(StandardCharsets.UTF_8));
    }

    /** An upstream answering at once, counting its calls. */
    private static final class Origin implements Supplier<CompletionStage<Answer>> {
        final AtomicInteger calls = new AtomicInteger();
        private final Answer answer;

        Origin(Answer answer) {
            this.answer = answer;
        }

        Origin() {
            this(answer(200, "catalog"));
        }

        @Override
        public CompletionStage<Answer> get() {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(answer);
        }
    }

    /** An upstream whose first answer comes only when the test completes {@code pending}; later calls answer at once. */
    private static final class HeldOrigin implements Supplier<CompletionStage<Answer>> {
        final AtomicInteger calls = new AtomicInteger();
        final CompletableFuture<Answer> pending = new CompletableFuture<>();

        @Override
        public CompletionStage<Answer> get() {
            return calls.incrementAndGet() == 1 ? pending : CompletableFuture.completedFuture(answer(200, "own"));
        }
    }

    private static Status status(ProxyCache cache, Request request, Supplier<CompletionStage<Answer>> upstream) {
        return cache.get(request, upstream).join().status();
    }

    @Test
    void aFreshAnswerIsServedUntilItsTtlEnds() {
        ProxyCache cache = cache(CATALOG);
        Origin origin = new Origin();
        Result first = cache.get(get("/api/catalog/7"), origin).join();
        assertThat(first.status()).isEqualTo(Status.MISS);
        Result second = cache.get(get("/api/catalog/7"), origin).join();
        assertThat(second.status()).isEqualTo(Status.HIT);
        assertThat(new String(second.answer().body(), StandardCharsets.UTF_8)).isEqualTo("catalog");

        advance(MINUTE.minusNanos(1));
        assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.HIT);
        advance(Duration.ofNanos(1));
        assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.MISS);
        assertThat(origin.calls).hasValue(2);
        assertThat(cache.stats()).isEqualTo(new Stats(2, 2, 0, 2, 0));
        assertThat(cache.stats().hitRatio()).isEqualTo(0.5);
    }

    @Test
    void theKeyIsPathAndQueryAndTheLongestCachedPrefixSetsTheTtl() {
        ProxyCache cache = cache(List.of(new CachedRoute("/api/catalog", MINUTE),
                new CachedRoute("/api/catalog/stock", Duration.ofSeconds(1))));
        Origin origin = new Origin();
        assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.MISS);
        assertThat(status(cache, new Request("GET", "/api/catalog/7", "v=2", EmptyHttpHeaders.INSTANCE), origin))
                .isEqualTo(Status.MISS);
        assertThat(status(cache, new Request("GET", "/api/catalog/7", "v=2", EmptyHttpHeaders.INSTANCE), origin))
                .isEqualTo(Status.HIT);
        assertThat(status(cache, get("/api/catalog/stock/7"), origin)).isEqualTo(Status.MISS);
        advance(Duration.ofSeconds(1));
        assertThat(status(cache, get("/api/catalog/stock/7"), origin)).isEqualTo(Status.MISS);
        assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.HIT);
        // whole segments, as the routes
        assertThat(status(cache, get("/api/catalogue"), origin)).isEqualTo(Status.BYPASS);
        assertThat(cache.covers("/api/catalog")).isTrue();
        assertThat(cache.covers("/api/catalogue")).isFalse();
    }

    @Test
    void maxAgeShortensTheTtlButNeverLengthensIt() {
        ProxyCache cache = cache(CATALOG);
        Origin short10 = new Origin(answer(200, "a", "Cache-Control", "public, max-age=10"));
        assertThat(status(cache, get("/api/catalog/short"), short10)).isEqualTo(Status.MISS);
        Origin long600 = new Origin(answer(200, "b", "Cache-Control", "max-age=600"));
        assertThat(status(cache, get("/api/catalog/long"), long600)).isEqualTo(Status.MISS);
        Origin shared = new Origin(answer(200, "c", "Cache-Control", "max-age=1, s-maxage=20"));
        assertThat(status(cache, get("/api/catalog/shared"), shared)).isEqualTo(Status.MISS);

        advance(Duration.ofSeconds(10));
        assertThat(status(cache, get("/api/catalog/short"), short10)).isEqualTo(Status.MISS);
        assertThat(status(cache, get("/api/catalog/shared"), shared)).as("s-maxage wins in a shared cache")
                .isEqualTo(Status.HIT);
        advance(Duration.ofSeconds(50));
        assertThat(status(cache, get("/api/catalog/long"), long600)).as("the route's TTL caps it").isEqualTo(Status.MISS);
    }

    @Test
    void whatTheUpstreamForbidsOrWhatIsNotA200IsNotStored() {
        ProxyCache cache = cache(CATALOG);
        List<Answer> unstorable = List.of(answer(200, "x", "Cache-Control", "no-store"),
                answer(200, "x", "Cache-Control", "private, max-age=60"), answer(200, "x", "Cache-Control", "no-cache"),
                answer(200, "x", "Cache-Control", "max-age=0"), answer(200, "x", "Set-Cookie", "session=abc"),
                answer(200, "x", "Vary", "Accept-Language"), answer(404, "x"), answer(502, "x"));
        for (Answer answer : unstorable) {
            Origin origin = new Origin(answer);
            assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.MISS);
            assertThat(status(cache, get("/api/catalog/7"), origin)).as(answer.headers().toString()).isEqualTo(Status.MISS);
            assertThat(origin.calls).hasValue(2);
        }
        assertThat(cache.stats().stores()).isZero();
        assertThat(cache.size()).isZero();
    }

    @Test
    void requestsWithCredentialsOrOtherMethodsOrElsewhereBypass() {
        ProxyCache cache = cache(CATALOG);
        Origin origin = new Origin();
        assertThat(status(cache, request("GET", "/api/catalog/7", "Authorization", "Bearer t"), origin))
                .isEqualTo(Status.BYPASS);
        assertThat(status(cache, request("GET", "/api/catalog/7", "Cookie", "session=abc"), origin))
                .isEqualTo(Status.BYPASS);
        assertThat(status(cache, request("POST", "/api/catalog/7"), origin)).isEqualTo(Status.BYPASS);
        assertThat(status(cache, request("HEAD", "/api/catalog/7"), origin)).isEqualTo(Status.BYPASS);
        assertThat(status(cache, get("/api/orders/7"), origin)).isEqualTo(Status.BYPASS);
        assertThat(cache.get(get("/api/orders/7"), origin).join().answer()).as("the caller relays a bypass").isNull();
        assertThat(origin.calls).hasValue(0);
        assertThat(cache.stats()).isEqualTo(new Stats(0, 0, 6, 0, 0));
        // nothing was stored for the anonymous GET that follows
        assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.MISS);
    }

    @Test
    void aFullCacheDropsExpiredEntriesFirstThenTheOldest() {
        ProxyCache cache = new ProxyCache(CATALOG, 3, ProxyCache.MAX_BYTES, ProxyCache.LOCK_TIMEOUT, now::get);
        Origin origin = new Origin();
        cache.get(get("/api/catalog/a"), origin).join();
        cache.get(get("/api/catalog/b"), new Origin(answer(200, "b", "Cache-Control", "max-age=1"))).join();
        cache.get(get("/api/catalog/c"), origin).join();
        advance(Duration.ofSeconds(2));
        cache.get(get("/api/catalog/d"), origin).join(); // b has expired: it goes, a stays
        assertThat(cache.size()).isEqualTo(3);
        cache.get(get("/api/catalog/e"), origin).join(); // none expired: the oldest, a, goes
        assertThat(cache.size()).isEqualTo(3);
        for (String kept : List.of("c", "d", "e")) {
            assertThat(status(cache, get("/api/catalog/" + kept), origin)).as(kept).isEqualTo(Status.HIT);
        }
        assertThat(status(cache, get("/api/catalog/a"), origin)).isEqualTo(Status.MISS);
    }

    @Test
    void bodyBytesAreBoundedToo() {
        ProxyCache cache = new ProxyCache(CATALOG, 100, 10, ProxyCache.LOCK_TIMEOUT, now::get);
        Origin four = new Origin(answer(200, "1234"));
        cache.get(get("/api/catalog/a"), four).join();
        cache.get(get("/api/catalog/b"), four).join();
        cache.get(get("/api/catalog/c"), four).join(); // 12 bytes would not fit: a goes
        assertThat(cache.size()).isEqualTo(2);
        assertThat(status(cache, get("/api/catalog/b"), four)).isEqualTo(Status.HIT);
        Origin huge = new Origin(answer(200, "12345678901"));
        cache.get(get("/api/catalog/huge"), huge).join();
        assertThat(status(cache, get("/api/catalog/huge"), huge)).isEqualTo(Status.MISS);
        assertThat(cache.size()).as("what can never fit evicts nothing").isEqualTo(2);
    }

    @Test
    void purgeDropsEveryEntryUnderThePrefix() {
        ProxyCache cache = cache(List.of(new CachedRoute("/api", MINUTE)));
        Origin origin = new Origin();
        for (String path : List.of("/api/catalog/1", "/api/catalog/2", "/api/catalog-v2/1", "/api/stock/1")) {
            cache.get(get(path), origin).join();
        }
        cache.get(new Request("GET", "/api/catalog/1", "page=2", EmptyHttpHeaders.INSTANCE), origin).join();

        assertThat(cache.purge("/api/catalog/")).isEqualTo(3);
        assertThat(status(cache, get("/api/catalog/1"), origin)).isEqualTo(Status.MISS);
        assertThat(status(cache, get("/api/stock/1"), origin)).isEqualTo(Status.HIT);
        assertThat(cache.purge("/api/catalog")).as("a plain prefix: catalog-v2 too").isEqualTo(2);
        assertThat(cache.purge("/nothing")).isZero();
        assertThat(cache.stats().purges()).isEqualTo(5);
    }

    @Test
    void anAnswerInFlightDuringAPurgeIsNotStored() {
        ProxyCache cache = cache(CATALOG);
        HeldOrigin origin = new HeldOrigin();
        CompletableFuture<Result> leader = cache.get(get("/api/catalog/7"), origin);
        assertThat(cache.purge("/api/catalog")).isZero(); // nothing stored yet, but the fill is marked
        origin.pending.complete(answer(200, "from before the change"));
        assertThat(leader.join().status()).isEqualTo(Status.MISS);
        assertThat(cache.size()).isZero();
        assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.MISS);
    }

    @Test
    void concurrentMissesOfOneKeyMakeOneUpstreamCall() throws Exception {
        ProxyCache cache = cache(CATALOG);
        HeldOrigin origin = new HeldOrigin();
        int n = 8;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(n);
        List<CompletableFuture<Result>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<Result> result = new CompletableFuture<>();
            results.add(result);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    cache.get(get("/api/catalog/hot"), origin).whenComplete((r, e) -> {
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(r);
                        }
                    });
                } catch (InterruptedException e) {
                    result.completeExceptionally(e);
                } finally {
                    asked.countDown();
                }
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(origin.calls).as("one went upstream, the others wait").hasValue(1);
        assertThat(results).noneMatch(CompletableFuture::isDone);

        origin.pending.complete(answer(200, "hot"));
        List<Status> statuses = results.stream().map(r -> r.join().status()).toList();
        assertThat(statuses).containsOnly(Status.MISS, Status.HIT).filteredOn(s -> s == Status.MISS).hasSize(1);
        assertThat(results).allSatisfy(r -> assertThat(new String(r.join().answer().body(), StandardCharsets.UTF_8))
                .isEqualTo("hot"));
        assertThat(origin.calls).hasValue(1);
        assertThat(cache.stats()).isEqualTo(new Stats(n - 1, 1, 0, 1, 0));
        for (Thread t : threads) {
            t.join();
        }
    }

    @Test
    void waitersGoUpstreamThemselvesWhenTheAnswerIsNotStored() {
        ProxyCache cache = cache(CATALOG);
        HeldOrigin origin = new HeldOrigin();
        CompletableFuture<Result> leader = cache.get(get("/api/catalog/7"), origin);
        CompletableFuture<Result> waiter1 = cache.get(get("/api/catalog/7"), origin);
        CompletableFuture<Result> waiter2 = cache.get(get("/api/catalog/7"), origin);
        assertThat(origin.calls).hasValue(1);

        origin.pending.complete(answer(200, "personal", "Cache-Control", "private"));
        assertThat(leader.join().status()).isEqualTo(Status.MISS);
        assertThat(waiter1.join().status()).isEqualTo(Status.MISS);
        assertThat(waiter2.join().status()).isEqualTo(Status.MISS);
        assertThat(new String(waiter1.join().answer().body(), StandardCharsets.UTF_8)).isEqualTo("own");
        assertThat(origin.calls).hasValue(3);
        assertThat(cache.stats()).isEqualTo(new Stats(0, 3, 0, 0, 0));
    }

    @Test
    void aFailedFillFailsItsRequestAndSendsTheWaitersUpstream() {
        ProxyCache cache = cache(CATALOG);
        HeldOrigin origin = new HeldOrigin();
        CompletableFuture<Result> leader = cache.get(get("/api/catalog/7"), origin);
        CompletableFuture<Result> waiter = cache.get(get("/api/catalog/7"), origin);
        origin.pending.completeExceptionally(new IllegalStateException("upstream gone"));
        assertThatThrownBy(leader::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("upstream gone");
        assertThat(waiter.join().status()).isEqualTo(Status.MISS);
        assertThat(origin.calls).hasValue(2);
        // the key is free again: the next miss leads
        assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.MISS);
    }

    @Test
    void aWaiterGoesUpstreamItselfAfterTheLockTimeout() {
        ProxyCache cache = new ProxyCache(CATALOG, 100, ProxyCache.MAX_BYTES, Duration.ofMillis(50), now::get);
        HeldOrigin origin = new HeldOrigin();
        CompletableFuture<Result> leader = cache.get(get("/api/catalog/7"), origin);
        // the leader's answer never comes while the waiter waits: only its own timeout can end the wait
        Result waiter = cache.get(get("/api/catalog/7"), origin).join();
        assertThat(waiter.status()).isEqualTo(Status.MISS);
        assertThat(new String(waiter.answer().body(), StandardCharsets.UTF_8)).isEqualTo("own");
        assertThat(leader).isNotDone();
        assertThat(cache.stats().stores()).as("a waiter's own answer is not stored").isZero();

        origin.pending.complete(answer(200, "leader"));
        assertThat(leader.join().status()).isEqualTo(Status.MISS);
        assertThat(cache.stats().stores()).isEqualTo(1);
        assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.HIT);
    }

    @Test
    void aFillOlderThanTheLockTimeoutIsPresumedLost() {
        ProxyCache cache = cache(CATALOG);
        HeldOrigin origin = new HeldOrigin();
        CompletableFuture<Result> lost = cache.get(get("/api/catalog/7"), origin);
        advance(ProxyCache.LOCK_TIMEOUT);
        // no wait: this one leads a new fill
        assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.MISS);
        assertThat(origin.calls).hasValue(2);
        assertThat(status(cache, get("/api/catalog/7"), origin)).isEqualTo(Status.HIT);
        assertThat(lost).isNotDone();
    }

    @Test
    void routesAreChecked() {
        assertThatThrownBy(() -> new CachedRoute("api", MINUTE)).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> new CachedRoute("/api", Duration.ZERO)).hasMessageContaining("TTL must be positive");
        assertThatThrownBy(() -> new ProxyCache(List.of(new CachedRoute("/api", MINUTE), new CachedRoute("/api", MINUTE))))
                .hasMessageContaining("given twice");
    }
}
