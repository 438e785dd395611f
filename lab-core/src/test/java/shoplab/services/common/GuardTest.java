package shoplab.services.common;

import org.junit.jupiter.api.Test;
import shoplab.history.Op;
import shoplab.topology.Protection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sentinel's rules as the topology writes them, on a guard alone (no service). */
class GuardTest {

    private static Protection buyOnly(Integer qps, Integer concurrency, Integer perUserQps) {
        return new Protection(new Protection.Limit(qps, concurrency, perUserQps, null), null, null);
    }

    @Test
    void withoutRulesEverythingPasses() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThat(Guard.NONE.core(Guard.BUY, "u", "sku-1", () -> "ok")).isEqualTo("ok");
        }
        assertThat(Guard.NONE.orFallback(Guard.PRODUCT_DETAIL, () -> "full", () -> "fallback").degraded()).isFalse();
    }

    @Test
    void aCorePathOverItsRateIsShedBeforeItsWorkRuns() throws Exception {
        try (Guard g = Guard.of("test/order", buyOnly(2, null, null))) {
            int[] ran = {0};
            g.core(Guard.BUY, null, null, () -> ran[0]++);
            g.core(Guard.BUY, null, null, () -> ran[0]++);
            assertThatThrownBy(() -> g.core(Guard.BUY, null, null, () -> ran[0]++)).isInstanceOf(Guard.Shed.class)
                    .hasMessageContaining("buy is over its limit");
            assertThat(ran[0]).isEqualTo(2);
            assertThat(g.core(Guard.PAY, null, null, () -> "pay has no rule")).isEqualTo("pay has no rule");
        }
    }

    @Test
    void aCorePathAtItsConcurrencyShedsTheNextRequestAtOnce() throws Exception {
        try (Guard g = Guard.of("test/order", buyOnly(null, 1, null))) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return g.core(Guard.BUY, null, null, () -> {
                        inside.countDown();
                        release.await(10, TimeUnit.SECONDS);
                        return "first";
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> g.core(Guard.BUY, null, null, () -> "second")).isInstanceOf(Guard.Shed.class);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(g.core(Guard.BUY, null, null, () -> "third")).isEqualTo("third"); // the first one left
        }
    }

    @Test
    void thePerUserLimitHoldsOneUserBackAndNotTheNext() throws Exception {
        try (Guard g = Guard.of("test/order", buyOnly(null, null, 1))) {
            g.core(Guard.BUY, "u-1", "sku-1", () -> 1);
            assertThatThrownBy(() -> g.core(Guard.BUY, "u-1", "sku-1", () -> 2)).isInstanceOf(Guard.Shed.class);
            assertThat(g.core(Guard.BUY, "u-2", "sku-1", () -> 3)).isEqualTo(3);
            for (int i = 0; i < 5; i++) {
                assertThat(g.core(Guard.BUY, null, "sku-1", () -> 4)).as("no user: the per-user rule does not apply").isEqualTo(4);
            }
        }
    }

    @Test
    void thePerSkuLimitHoldsOneHotItemBackAndNotTheOthers() throws Exception {
        try (Guard g = Guard.of("test/order", new Protection(new Protection.Limit(null, null, null, 2), null, null))) {
            g.core(Guard.BUY, "u-1", "hot", () -> 1);
            g.core(Guard.BUY, "u-2", "hot", () -> 2);
            assertThatThrownBy(() -> g.core(Guard.BUY, "u-3", "hot", () -> 3)).isInstanceOf(Guard.Shed.class);
            assertThat(g.core(Guard.BUY, "u-3", "cold", () -> 4)).isEqualTo(4);
        }
    }

    @Test
    void theNonCoreReadOverItsRateAnswersFromItsFallback() {
        try (Guard g = Guard.of("test/product", new Protection(null, null, new Protection.Degrade(1, null, null, null)))) {
            assertThat(g.orFallback(Guard.PRODUCT_DETAIL, () -> "full", () -> "cached")).isEqualTo(new Guard.Answer<>("full", false));
            Guard.Answer<String> second = g.orFallback(Guard.PRODUCT_DETAIL, () -> "full", () -> "cached");
            assertThat(second).isEqualTo(new Guard.Answer<>("cached", true));
            assertThat(second.servedClass()).isEqualTo(Op.DEGRADED);
        }
    }

    @Test
    void slowAnswersOpenTheBreakerAndTheReadDegradesWhileItIsOpen() {
        try (Guard g = Guard.of("test/product", new Protection(null, null, new Protection.Degrade(null, 1, 0.5, 60)))) {
            // Slow answers until the breaker opens: it counts in one-second windows of the wall clock, so five in
            // a row may straddle two; twenty (100 ms) put at least ten in one window.
            int slow = 0;
            while (slow < 20 && !g.orFallback(Guard.PRODUCT_DETAIL, GuardTest::slow, () -> "cached").degraded()) {
                slow++;
            }
            assertThat(slow).as("slow answers before the breaker opened").isBetween(5, 19);
            assertThat(g.orFallback(Guard.PRODUCT_DETAIL, () -> "full", () -> "cached")).isEqualTo(new Guard.Answer<>("cached", true));
        }
    }

    /** An answer past the rule's 1 ms: the work itself takes 5 ms. */
    private static String slow() {
        long until = System.nanoTime() + 5_000_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return "full";
    }

    @Test
    void aClosedGuardsRulesAreGone() throws Exception {
        Guard g = Guard.of("test/order", buyOnly(1, null, null));
        g.close();
        for (int i = 0; i < 5; i++) {
            g.core(Guard.BUY, null, null, () -> "passes"); // its rule was unloaded with it
        }
    }
}
