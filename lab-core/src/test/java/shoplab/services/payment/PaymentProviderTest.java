package shoplab.services.payment;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.services.ServiceUnderTest;
import shoplab.services.common.Signer;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.services.ServiceUnderTest.await;
import static shoplab.services.ServiceUnderTest.json;

/**
 * The provider, well-behaved (no storm), over real HTTP with a real notify endpoint: one charge per
 * merchant order, signed notices, retries on the scaled schedule until acknowledged, refunds, bad input.
 */
class PaymentProviderTest {

    static final String KEY = "test-signing-key";
    static final String MERCHANT_KEY = "test-merchant-key";
    /** 1000 times real time: WeChat's 15 s, 15 s, 30 s become 15, 15, 30 ms. */
    static final double FACTOR = 1000;

    @TempDir
    static Path dir;
    static MerchantStub merchant;
    static ServiceUnderTest provider;

    @BeforeAll
    static void boot() throws Exception {
        merchant = new MerchantStub();
        Map<String, Object> p = new HashMap<>(ServiceUnderTest.h2(dir, "payment"));
        p.put(PaymentProviderApp.MERCHANT_ID, "m-1");
        p.put(PaymentProviderApp.APP_ID, "app-1");
        p.put(PaymentProviderApp.SIGN_KEY, KEY);
        p.put(PaymentProviderApp.MERCHANT_KEY, MERCHANT_KEY);
        p.put(PaymentProviderApp.TIME_FACTOR, FACTOR);
        provider = ServiceUnderTest.start(PaymentProviderApp.class, p);
    }

    @AfterAll
    static void stop() {
        provider.close();
        merchant.close();
    }

    static String payJson(String outTradeNo, long cents, String channel) {
        return MerchantRequests.pay(MERCHANT_KEY, "m-1", "app-1", outTradeNo, cents, merchant.url().toString(), channel,
                "o-" + outTradeNo);
    }

    static HttpResponse<String> pay(String outTradeNo, long cents, String channel) {
        return provider.post("/api/pay", payJson(outTradeNo, cents, channel));
    }

    static HttpResponse<String> refund(String outTradeNo, long cents) {
        return provider.post("/api/refund", MerchantRequests.refund(MERCHANT_KEY, "m-1", outTradeNo, cents, "paid after close"));
    }

    static List<JsonNode> charges(String outTradeNo) {
        List<JsonNode> out = new ArrayList<>();
        provider.getJson("/internal/ledger").path("charges").forEach(c -> {
            if (c.path("outTradeNo").asString().equals(outTradeNo)) {
                out.add(c);
            }
        });
        return out;
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
        await(Duration.ofSeconds(10), "the provider has no delivery left",
                () -> provider.getJson("/internal/notices").path("pending").asInt() == 0);
    }

    static void assertRefused(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error").asString()).isEqualTo(code);
        assertThat(json(r).path("message").asString()).isNotBlank();
    }

    @Test
    void payingTheSameMerchantOrderTwiceChargesOnce() throws Exception {
        HttpResponse<String> first = pay("p-twice", 1999, "alipay");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String tradeNo = json(first).path("tradeNo").asString();
        assertThat(json(first).path("status").asString()).isEqualTo("SUCCESS");
        assertThat(json(first).path("replayed").asBoolean()).isFalse();
        JsonNode again = json(pay("p-twice", 1999, "alipay"));
        assertThat(again.path("tradeNo").asString()).isEqualTo(tradeNo);
        assertThat(again.path("replayed").asBoolean()).isTrue();
        assertRefused(pay("p-twice", 2999, "alipay"), 409, "AMOUNT_MISMATCH");

        // a double click: eight payments of one new order at once
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return pay("p-race", 500, "wechat");
                }));
            }
            start.countDown();
            Set<String> tradeNos = new HashSet<>();
            for (Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get(20, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                tradeNos.add(json(r).path("tradeNo").asString());
            }
            assertThat(tradeNos).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        awaitQuiet();
        assertThat(charges("p-twice")).singleElement().satisfies(c -> {
            assertThat(c.path("amountCents").asLong()).isEqualTo(1999);
            assertThat(c.path("captured").asBoolean()).isTrue();
            assertThat(c.path("orderId").asString()).isEqualTo("o-p-twice");
        });
        assertThat(charges("p-race")).hasSize(1);
        // one payment, one notice, delivered once (acknowledged at once)
        assertThat(deliveries("p-twice")).singleElement().satisfies(n -> assertThat(n.path("acknowledged").asBoolean()).isTrue());
        assertThat(deliveries("p-race")).hasSize(1);
    }

    @Test
    void theNoticeArrivesSignedWithTheProvidersKey() {
        String tradeNo = json(pay("p-signed", 4999, "alipay")).path("tradeNo").asString();
        await(Duration.ofSeconds(5), "the notice of p-signed", () -> !merchant.of("p-signed").isEmpty());
        MerchantStub.Received notice = merchant.of("p-signed").get(0);
        Signer signer = new Signer(KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(signer.verify(notice.fields(), notice.get("sign"))).isTrue();
        assertThat(notice.fields()).containsEntry("merchantId", "m-1").containsEntry("appId", "app-1")
                .containsEntry("tradeNo", tradeNo).containsEntry("orderId", "o-p-signed")
                .containsEntry("amountCents", "4999").containsEntry("status", "SUCCESS")
                .containsEntry("notifyId", "N" + tradeNo).containsEntry("channel", "alipay");
        Map<String, String> tampered = new LinkedHashMap<>(notice.fields());
        tampered.put("amountCents", "1");
        assertThat(signer.verify(tampered, notice.get("sign"))).isFalse();
        assertThat(new Signer("another-key".getBytes(StandardCharsets.UTF_8)).verify(notice.fields(), notice.get("sign")))
                .isFalse();
    }

    @Test
    void anUnacknowledgedNoticeIsRetriedOnTheScaledScheduleUntilAcknowledged() {
        // a wrong acknowledgement (Alipay's "success" to WeChat), a 500, a wrong one: acknowledged at the 4th
        merchant.fail("p-retry", 3);
        pay("p-retry", 1200, "wechat");
        awaitQuiet();
        List<JsonNode> d = deliveries("p-retry");
        assertThat(d).extracting(n -> n.path("attempt").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(d).extracting(n -> n.path("acknowledged").asBoolean()).containsExactly(false, false, false, true);
        assertThat(d).extracting(n -> n.path("httpStatus").asInt()).containsExactly(200, 500, 200, 200);
        long[] waits = {15_000, 15_000, 30_000}; // WeChat's first retries, real ms
        for (int i = 0; i < waits.length; i++) {
            long gap = d.get(i + 1).path("sentAtMs").asLong() - d.get(i).path("answeredAtMs").asLong();
            assertThat(gap).as("wait before attempt %d", i + 2).isGreaterThanOrEqualTo(Math.round(waits[i] / FACTOR) - 1);
        }
        assertThat(merchant.of("p-retry")).hasSize(4); // and none after the acknowledgement: nothing is pending
    }

    @Test
    void aRefundIsRecordedOnceAndNeverExceedsTheCharge() {
        pay("p-refund", 3000, "alipay");
        assertRefused(refund("p-refund", 3001), 400, "REFUND_EXCEEDS_CHARGE");
        HttpResponse<String> r = refund("p-refund", 3000);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("replayed").asBoolean()).isFalse();
        assertThat(json(refund("p-refund", 3000)).path("replayed").asBoolean()).isTrue();
        assertRefused(refund("p-refund", 1000), 409, "ALREADY_REFUNDED");
        assertThat(charges("p-refund")).singleElement().satisfies(c -> {
            assertThat(c.path("refunded").asBoolean()).isTrue();
            assertThat(c.path("refundedCents").asLong()).isEqualTo(3000);
            assertThat(c.path("refundReason").asString()).isEqualTo("paid after close");
        });
        assertThat(provider.getJson("/internal/ledger").path("refunds").valueStream()
                .filter(x -> x.path("outTradeNo").asString().equals("p-refund")).count()).isEqualTo(1);
    }

    @Test
    void badRequestsAre4xxAndLeaveTheBooksAndTheNoticesAsTheyWere() {
        pay("p-bad", 100, "alipay");
        awaitQuiet();
        String before = provider.get("/internal/ledger").body() + provider.get("/internal/notices").body()
                + provider.get("/internal/storm").body();
        String ok = payJson("p-new", 100, "alipay");
        assertRefused(pay("p-new", 0, "alipay"), 400, "INVALID_AMOUNT_CENTS");
        assertRefused(pay("p-new", -100, "alipay"), 400, "INVALID_AMOUNT_CENTS");
        assertRefused(pay("p-new", 20_000_000_000L, "alipay"), 400, "INVALID_AMOUNT_CENTS");
        assertRefused(provider.post("/api/pay", ok.replace("\"amountCents\":100", "\"amountCents\":1e30")), 400, "MALFORMED_BODY");
        assertRefused(provider.post("/api/pay", ok.replace("\"amountCents\":100", "\"amountCents\":99999999999999999999")),
                400, "MALFORMED_BODY");
        assertRefused(provider.post("/api/pay", ok.replace("\"amountCents\":100", "\"amountCents\":12.5")), 400, "MALFORMED_BODY");
        assertRefused(provider.post("/api/pay", ok.replace("\"amountCents\":100", "\"amountCents\":\"100\"")), 400, "MALFORMED_BODY");
        assertRefused(provider.post("/api/pay", ok.replace("\"amountCents\":100,", "")), 400, "MISSING_AMOUNT_CENTS");
        assertRefused(provider.post("/api/pay", ok.replace("\"outTradeNo\":\"p-new\",", "")), 400, "INVALID_OUTTRADENO");
        assertRefused(provider.post("/api/pay", ok.replace("alipay", "paypal")), 400, "INVALID_CHANNEL");
        assertRefused(provider.post("/api/pay", ok.replace(merchant.url().toString(), "ftp://x/notify")), 400, "INVALID_NOTIFY_URL");
        assertRefused(provider.post("/api/pay", ok.replace(merchant.url().toString(), "/notify")), 400, "INVALID_NOTIFY_URL");
        assertRefused(provider.post("/api/pay", ok.replace(merchant.url().toString(), "http://a b")), 400, "INVALID_NOTIFY_URL");
        assertRefused(provider.post("/api/pay", ok.replace("\"m-1\"", "\"m-2\"")), 403, "UNKNOWN_MERCHANT");
        assertRefused(provider.post("/api/pay", ok.replace("\"app-1\"", "\"app-2\"")), 403, "UNKNOWN_APP");
        assertRefused(provider.post("/api/pay", ok.substring(0, 40)), 400, "MALFORMED_BODY");
        assertRefused(provider.post("/api/pay", "null"), 400, "MALFORMED_BODY");
        assertRefused(provider.post("/api/pay", ok.replace("}", ",\"pad\":\"" + "x".repeat(70_000) + "\"}")), 413, "BODY_TOO_LARGE");
        assertRefused(provider.post("/api/pay", "text/plain", HttpRequest.BodyPublishers.ofString(ok)), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertRefused(refund("p-none", 100), 404, "UNKNOWN_CHARGE");
        assertRefused(refund("p-bad", 0), 400, "INVALID_AMOUNT_CENTS");
        assertRefused(refund("p-bad", 101), 400, "REFUND_EXCEEDS_CHARGE");
        assertRefused(provider.post("/api/refund", MerchantRequests.refund(MERCHANT_KEY, "m-1", "p-bad", 100, null)),
                400, "MISSING_REASON");
        assertRefused(provider.post("/api/refund", MerchantRequests.refund(MERCHANT_KEY, "m-1", "p-bad", 100, "r".repeat(300))),
                400, "INVALID_REASON");
        // Whoever knows the merchant and app ids (they are in every notice) still cannot pay or refund as the merchant.
        String unsigned = ok.replaceAll(",\"sign\":\"[^\"]*\"", "");
        assertRefused(provider.post("/api/pay", unsigned), 403, "UNSIGNED");
        assertRefused(provider.post("/api/pay", ok.replace("\"amountCents\":100", "\"amountCents\":1")), 403, "BAD_SIGNATURE");
        assertRefused(provider.post("/api/pay", ok.replace(merchant.url().toString(), "http://127.0.0.1:1/mine")), 403, "BAD_SIGNATURE");
        assertRefused(provider.post("/api/pay", MerchantRequests.pay("a-guessed-key", "m-1", "app-1", "p-new", 100,
                merchant.url().toString(), "alipay", "o-p-new")), 403, "BAD_SIGNATURE");
        assertRefused(provider.post("/api/refund", MerchantRequests.refund("a-guessed-key", "m-1", "p-bad", 100, "mine now")),
                403, "BAD_SIGNATURE");
        assertRefused(provider.post("/internal/storm", "{\"forgedRate\":1.5}"), 400, "INVALID_STORM");
        assertRefused(provider.post("/internal/storm", "{\"duplicateRate\":0.5}"), 400, "INVALID_STORM");
        assertThat(provider.get("/internal/ledger").body() + provider.get("/internal/notices").body()
                + provider.get("/internal/storm").body()).isEqualTo(before);
    }
}
