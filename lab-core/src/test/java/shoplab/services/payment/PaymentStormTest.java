package shoplab.services.payment;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.services.ServiceUnderTest;
import shoplab.services.common.Signer;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.services.ServiceUnderTest.await;
import static shoplab.services.ServiceUnderTest.json;

/**
 * The provider misbehaving as the storm says, over real HTTP, and its delivery machinery ending: the
 * schedules run out, and closing the context stops every delivery thread. 100000 times real time, so
 * Alipay's whole 33-hour schedule takes under a second.
 */
class PaymentStormTest {

    static final String KEY = "storm-key";
    static final Signer SIGNER = new Signer(KEY.getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path dir;
    static MerchantStub merchant;
    static ServiceUnderTest provider;

    @BeforeAll
    static void boot() throws Exception {
        merchant = new MerchantStub();
        provider = ServiceUnderTest.start(PaymentProviderApp.class, properties(dir.resolve("a"), 100_000));
    }

    @AfterAll
    static void stop() {
        provider.close();
        merchant.close();
    }

    static Map<String, Object> properties(Path db, double factor) {
        Map<String, Object> p = new HashMap<>(ServiceUnderTest.h2(db, "payment"));
        p.put(PaymentProviderApp.SIGN_KEY, KEY);
        p.put(PaymentProviderApp.TIME_FACTOR, factor);
        return p;
    }

    static void storm(ServiceUnderTest on, String json) {
        HttpResponse<String> r = on.post("/internal/storm", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static JsonNode pay(ServiceUnderTest on, String outTradeNo, String channel) {
        HttpResponse<String> r = on.post("/api/pay", MerchantRequests.pay(PaymentProviderApp.DEFAULT_MERCHANT_KEY, "shoplab",
                "shoplab-app", outTradeNo, 2500, merchant.url().toString(), channel, null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static List<JsonNode> deliveries(String outTradeNo) {
        List<JsonNode> out = new ArrayList<>();
        provider.getJson("/internal/notices").path("notices").forEach(n -> {
            if (n.path("outTradeNo").asString().equals(outTradeNo)) {
                out.add(n);
            }
        });
        return out;
    }

    static void awaitQuiet() {
        await(Duration.ofSeconds(15), "the provider has no delivery left",
                () -> provider.getJson("/internal/notices").path("pending").asInt() == 0);
    }

    static List<String> kinds(List<JsonNode> deliveries) {
        return deliveries.stream().map(n -> n.path("kind").asString()).toList();
    }

    @Test
    void aStormRepeatsReordersAndForgesNoticesAndOnlyTheForgedOnesFailVerification() {
        storm(provider, "{\"seed\":7,\"duplicateRate\":1,\"duplicateCount\":2,\"concurrentRate\":1,\"concurrentCount\":3,"
                + "\"outOfOrderRate\":1,\"forgedRate\":1}");
        List<String> orders = List.of("s-1", "s-2", "s-3");
        orders.forEach(o -> pay(provider, o, o.equals("s-2") ? "wechat" : "alipay"));
        awaitQuiet();
        for (String o : orders) {
            List<JsonNode> d = deliveries(o);
            assertThat(kinds(d)).as(o).containsExactlyInAnyOrder("FORGED", "GENUINE", "DUPLICATE", "DUPLICATE",
                    "CONCURRENT", "CONCURRENT", "CONCURRENT", "STALE");
            assertThat(d).filteredOn(n -> n.path("forged").asBoolean()).extracting(n -> n.path("kind").asString())
                    .containsExactly("FORGED");
            // the burst: every copy was on the wire before the first answer came back
            List<JsonNode> burst = d.stream().filter(n -> n.path("kind").asString().equals("CONCURRENT")).toList();
            long lastSent = burst.stream().mapToLong(n -> n.path("sentAtMs").asLong()).max().orElseThrow();
            long firstAnswered = burst.stream().mapToLong(n -> n.path("answeredAtMs").asLong()).min().orElseThrow();
            assertThat(lastSent).isLessThanOrEqualTo(firstAnswered);

            List<MerchantStub.Received> got = merchant.of(o);
            assertThat(got).hasSize(8);
            String genuineId = d.stream().filter(n -> n.path("kind").asString().equals("GENUINE")).findFirst().orElseThrow()
                    .path("notifyId").asString();
            for (MerchantStub.Received r : got) {
                boolean forged = r.get("notifyId").endsWith("-forged");
                assertThat(SIGNER.verify(r.fields(), r.get("sign"))).as(r.fields().toString()).isEqualTo(!forged);
                if (forged) {
                    assertThat(r.get("notifyId")).isNotEqualTo(genuineId);
                    assertThat(r.get("status")).isEqualTo("SUCCESS");
                }
            }
            // out of order: the older FAIL arrives after the SUCCESS it predates
            int success = indexOf(got, r -> r.get("notifyId").equals(genuineId));
            int stale = indexOf(got, r -> r.get("notifyId").endsWith("-stale"));
            assertThat(stale).isGreaterThan(success);
            assertThat(got.get(stale).get("status")).isEqualTo("FAIL");
            assertThat(Long.parseLong(got.get(stale).get("notifyTime")))
                    .isLessThan(Long.parseLong(got.get(success).get("notifyTime")));
        }
    }

    @Test
    void aFailedPaymentTakesNoMoneyAndSaysSo() {
        storm(provider, "{\"seed\":1,\"failRate\":1}");
        assertThat(pay(provider, "s-fail", "alipay").path("status").asString()).isEqualTo("FAIL");
        assertThat(pay(provider, "s-fail", "alipay").path("status").asString()).isEqualTo("FAIL"); // a failed order stays failed
        awaitQuiet();
        JsonNode charge = provider.getJson("/internal/ledger").path("charges").valueStream()
                .filter(c -> c.path("outTradeNo").asString().equals("s-fail")).findFirst().orElseThrow();
        assertThat(charge.path("captured").asBoolean()).isFalse();
        assertThat(merchant.of("s-fail")).singleElement().satisfies(r -> {
            assertThat(r.get("status")).isEqualTo("FAIL");
            assertThat(SIGNER.verify(r.fields(), r.get("sign"))).isTrue();
        });
        HttpResponse<String> refund = provider.post("/api/refund",
                MerchantRequests.refund(PaymentProviderApp.DEFAULT_MERCHANT_KEY, "shoplab", "s-fail", 2500, "x"));
        assertThat(refund.statusCode()).isEqualTo(409);
        assertThat(refund.body()).contains("NOT_CAPTURED");
    }

    @Test
    void aLateNoticeIsHeldBackForTheLabDuration() {
        storm(provider, "{\"seed\":1,\"lateRate\":1,\"lateMs\":300}");
        JsonNode paid = pay(provider, "s-late", "wechat");
        awaitQuiet();
        long chargedAt = provider.getJson("/internal/ledger").path("charges").valueStream()
                .filter(c -> c.path("tradeNo").asString().equals(paid.path("tradeNo").asString()))
                .findFirst().orElseThrow().path("atMs").asLong();
        assertThat(deliveries("s-late")).singleElement().satisfies(n -> {
            assertThat(n.path("kind").asString()).isEqualTo("LATE");
            assertThat(n.path("sentAtMs").asLong() - chargedAt).isGreaterThanOrEqualTo(300);
            assertThat(n.path("acknowledged").asBoolean()).isTrue();
        });
    }

    @Test
    void deliveryGivesUpWhenTheChannelsScheduleEnds() {
        storm(provider, "{}");
        merchant.fail("s-alipay-down", MerchantStub.NEVER);
        merchant.fail("s-wechat-down", MerchantStub.NEVER);
        pay(provider, "s-alipay-down", "alipay");
        pay(provider, "s-wechat-down", "wechat");
        awaitQuiet();
        // the first delivery and then one per retry of the published schedule: 1 + 7 and 1 + 15
        assertThat(deliveries("s-alipay-down")).extracting(n -> n.path("attempt").asInt())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(deliveries("s-wechat-down")).hasSize(16).noneMatch(n -> n.path("acknowledged").asBoolean());
        assertThat(merchant.of("s-alipay-down")).hasSize(8);
        assertThat(merchant.of("s-wechat-down")).hasSize(16);
    }

    @Test
    void closingTheContextStopsDeliveryAndLeavesNoThreadBehind(@TempDir Path other) {
        long before = deliveryThreads();
        // real time: the retry after the first failed delivery would come in 15 s; a storm set by properties
        Map<String, Object> p = properties(other, 1);
        p.put(PaymentProviderApp.STORM + "seed", 9);
        p.put(PaymentProviderApp.STORM + "fail-rate", 1);
        ServiceUnderTest shortLived = ServiceUnderTest.start(PaymentProviderApp.class, p);
        assertThat(shortLived.getJson("/internal/storm").path("failRate").asDouble()).isEqualTo(1.0);
        merchant.fail("s-closed", MerchantStub.NEVER);
        assertThat(pay(shortLived, "s-closed", "wechat").path("status").asString()).isEqualTo("FAIL");
        await(Duration.ofSeconds(5), "the first delivery", () -> merchant.of("s-closed").size() == 1);
        assertThat(deliveryThreads()).isGreaterThan(before);
        shortLived.close();
        await(Duration.ofSeconds(5), "the delivery threads end", () -> deliveryThreads() == before);
        assertThat(merchant.of("s-closed")).hasSize(1);
    }

    static long deliveryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("payment-")).count();
    }

    static int indexOf(List<MerchantStub.Received> got, java.util.function.Predicate<MerchantStub.Received> p) {
        for (int i = 0; i < got.size(); i++) {
            if (p.test(got.get(i))) {
                return i;
            }
        }
        throw new AssertionError("not received");
    }
}
