package shoplab.services.trade;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shoplab.services.ServiceUnderTest;
import shoplab.services.common.Signer;
import shoplab.services.payment.MerchantRequests;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.services.ServiceUnderTest.await;
import static shoplab.services.ServiceUnderTest.json;
import static shoplab.services.trade.TradeFixture.checkout;
import static shoplab.services.trade.TradeFixture.notice;
import static shoplab.services.trade.TradeFixture.order;
import static shoplab.services.trade.TradeFixture.pay;
import static shoplab.services.trade.TradeFixture.status;

/**
 * The three guards against the races the architecture note describes, over real HTTP: a double click on
 * pay, concurrent duplicate success notices, a failed payment, a success after the timeout closed the
 * order, and the timeout job itself. The naive guard must show the harm (two charges, two shipments);
 * the pessimistic and optimistic guards never.
 */
class PaymentGuardsTest {

    static final int ORDERS = 20;

    @TempDir
    static Path dir;
    static TradeFixture f;
    /** Per guard, a trade service whose orders time out after two minutes, and one after 700 ms. */
    static final Map<String, ServiceUnderTest> patient = new HashMap<>();
    static final Map<String, ServiceUnderTest> hasty = new HashMap<>();

    @BeforeAll
    static void boot() {
        f = new TradeFixture(dir, Map.of());
        for (String g : List.of("naive", "pessimistic", "optimistic")) {
            patient.put(g, f.trade(g, 120_000, g.charAt(0) + "p"));
            hasty.put(g, f.trade(g, 700, g.charAt(0) + "h"));
        }
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @AfterEach
    void calm() {
        f.calm();
    }

    @ParameterizedTest
    @ValueSource(strings = {"naive", "pessimistic", "optimistic"})
    void aDoubleClickOnPayChargesTwiceOnlyUnderTheNaiveGuard(String guard) throws Exception {
        ServiceUnderTest trade = patient.get(guard);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            ids.add(checkout(trade, "dc-" + i, "sku-1", 1, null, i % 2 == 0 ? "alipay" : "wechat").path("orderId").asString());
        }
        for (String id : ids) {
            List<Callable<HttpResponse<String>>> clicks = TradeFixture.times(2, k ->
                    trade.post("/api/trade/orders/" + id + "/pay", ""));
            for (HttpResponse<String> r : f.together(clicks)) {
                // the second click may find the order paid already (its notice was that quick): refused, not charged
                assertThat(r.statusCode()).as(r.body()).isIn(200, 409);
            }
        }
        awaitEveryChargeAcknowledged(ids);

        Map<String, List<JsonNode>> charges = f.charges();
        int doubled = 0;
        for (String id : ids) {
            JsonNode o = order(trade, id);
            if (!guard.equals("naive")) { // naive may even move a shipped order back to PAYING (a click's late write)
                assertThat(o.path("status").asString()).isEqualTo("SHIPPED");
            }
            List<JsonNode> standing = charges.get(id).stream().filter(c -> c.path("captured").asBoolean()
                    && !c.path("refunded").asBoolean()).toList();
            assertThat(standing.size()).isEqualTo(o.path("payments").size());
            if (standing.size() > 1) {
                doubled++;
            }
        }
        if (guard.equals("naive")) {
            assertThat(doubled).as("orders charged twice by a double click under the naive guard").isGreaterThanOrEqualTo(1);
        } else {
            assertThat(doubled).as("orders charged twice under " + guard).isZero();
            for (String id : ids) {
                assertThat(order(trade, id).path("shipments").asLong()).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"naive", "pessimistic", "optimistic"})
    void concurrentDuplicateSuccessNoticesShipTwiceOnlyUnderTheNaiveGuard(String guard) throws Exception {
        ServiceUnderTest trade = patient.get(guard);
        f.storm("{\"lateRate\":1,\"lateMs\":600000}"); // the provider's own notice stays back: the test delivers them
        long rejected = trade.getJson("/internal/trade/metrics").path("noticesRejected").asLong();
        int copies = 6;
        int shippedTwice = 0;
        for (int i = 0; i < ORDERS; i++) {
            String channel = i % 2 == 0 ? "alipay" : "wechat";
            String id = checkout(trade, "dup-" + i, "sku-1", 1, null, channel).path("orderId").asString();
            JsonNode p = pay(trade, id);
            String pid = p.path("paymentId").asString();
            String tradeNo = p.path("tradeNo").asString();
            long amount = p.path("amountCents").asLong();
            String genuine = notice("N" + tradeNo, channel, pid, tradeNo, id, amount, "SUCCESS");
            String forged = new TradeFixture.NoticeSignerForTests("not-the-provider").signed(
                    TradeFixture.fields("N" + tradeNo + "-forged", channel, pid, tradeNo, id, amount, "SUCCESS", "shoplab"));
            String wrongAmount = notice("N" + tradeNo + "-cheap", channel, pid, tradeNo, id, 1, "SUCCESS");
            List<Callable<HttpResponse<String>>> burst = new ArrayList<>(TradeFixture.times(copies, k ->
                    trade.post("/api/trade/notify/" + channel, genuine)));
            burst.add(() -> trade.post("/api/trade/notify/" + channel, forged));
            burst.add(() -> trade.post("/api/trade/notify/" + channel, wrongAmount));
            List<HttpResponse<String>> answers = f.together(burst);
            for (int k = 0; k < copies; k++) {
                assertThat(answers.get(k).statusCode()).as(answers.get(k).body()).isEqualTo(200);
                assertThat(answers.get(k).body()).isIn("success", "{\"code\":\"SUCCESS\",\"message\":\"OK\"}");
            }
            assertThat(answers.get(copies).statusCode()).isEqualTo(400);
            assertThat(answers.get(copies + 1).statusCode()).isEqualTo(400);

            JsonNode o = order(trade, id);
            assertThat(o.path("status").asString()).isEqualTo("SHIPPED");
            if (o.path("shipments").asLong() > 1) {
                shippedTwice++;
            } else {
                assertThat(o.path("shipments").asLong()).isEqualTo(1);
            }
        }
        JsonNode m = trade.getJson("/internal/trade/metrics");
        assertThat(m.path("noticesRejected").asLong() - rejected).as("forged and wrong-amount notices refused").isEqualTo(2L * ORDERS);
        if (guard.equals("naive")) {
            assertThat(shippedTwice).as("orders shipped twice by concurrent duplicates under the naive guard").isGreaterThanOrEqualTo(1);
        } else {
            assertThat(shippedTwice).as("orders shipped twice under " + guard).isZero();
            Map<String, Integer> accepted = new HashMap<>();
            trade.getJson("/internal/trade/snapshot").path("acceptedNotices").forEach(n ->
                    accepted.merge(n.path("orderId").asString(), 1, Integer::sum));
            assertThat(accepted.values()).allMatch(n -> n == 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"naive", "pessimistic", "optimistic"})
    void aFailedPaymentGivesBackStockAndCouponOnce(String guard) throws Exception {
        ServiceUnderTest trade = patient.get(guard);
        // the FAIL notice, then two duplicates one after another and four copies at once
        f.storm("{\"failRate\":1,\"duplicateRate\":1,\"duplicateCount\":2,\"concurrentRate\":1,\"concurrentCount\":4}");
        List<String> ids = new ArrayList<>();
        List<String> payments = new ArrayList<>();
        long stock = f.stock("sku-2");
        for (int i = 0; i < 3; i++) {
            String code = "fail-" + guard + "-" + i;
            f.issue(code, "fy-" + i, 1000, 0);
            ids.add(checkout(trade, "fy-" + i, "sku-2", 2, code, "wechat").path("orderId").asString());
        }
        assertThat(f.stock("sku-2")).isEqualTo(stock - 6);
        for (String id : ids) {
            payments.add(pay(trade, id).path("paymentId").asString());
        }
        await(Duration.ofSeconds(15), "every notice delivered and answered", () -> payments.stream().allMatch(p -> {
            List<JsonNode> d = deliveries(p);
            return d.size() >= 7 && d.stream().allMatch(n -> !n.path("answeredAtMs").isNull());
        }));
        await(Duration.ofSeconds(10), "stock and coupons given back", () -> ids.stream().allMatch(id -> {
            JsonNode o = order(trade, id);
            return o.path("stockRestored").asBoolean() && o.path("couponRestored").asBoolean();
        }));
        assertThat(f.stock("sku-2")).as("stock given back exactly once").isEqualTo(stock);
        for (int i = 0; i < 3; i++) {
            JsonNode o = order(trade, ids.get(i));
            assertThat(o.path("status").asString()).isEqualTo("CANCELLED");
            assertThat(o.path("shipments").asLong()).isZero();
            JsonNode c = f.couponOf("fail-" + guard + "-" + i);
            assertThat(c.path("state").asString()).isEqualTo("RELEASED");
            assertThat(c.path("uses")).hasSize(1);
            assertThat(c.path("uses").get(0).path("state").asString()).isEqualTo("RELEASED");
            if (!guard.equals("naive")) {
                assertThat(o.path("transitions").toString()).isEqualTo("[" + move("CREATED", "PAYING", o, 0) + ","
                        + move("PAYING", "CANCELLED", o, 1) + "]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"naive", "pessimistic", "optimistic"})
    void aSuccessAfterTheTimeoutClosedTheOrderIsRefundedAndNeverReopensIt(String guard) {
        ServiceUnderTest trade = hasty.get(guard);
        f.storm("{\"lateRate\":1,\"lateMs\":1500}"); // past the 700 ms timeout
        String code = "late-" + guard;
        f.issue(code, "lu", 300, 0);
        long stock = f.stock("sku-1");
        String id = checkout(trade, "lu", "sku-1", 3, code, "alipay").path("orderId").asString();
        JsonNode p = pay(trade, id);
        assertThat(p.path("status").asString()).isEqualTo("PAYING");
        await(Duration.ofSeconds(5), "the timeout job closes " + id, () -> status(trade, id).equals("CLOSED"));
        await(Duration.ofSeconds(5), "stock and coupon given back", () -> order(trade, id).path("stockRestored").asBoolean()
                && order(trade, id).path("couponRestored").asBoolean());
        await(Duration.ofSeconds(10), "the late payment refunded", () -> f.charges().get(id).get(0).path("refunded").asBoolean());

        JsonNode o = order(trade, id);
        assertThat(o.path("status").asString()).isEqualTo("CLOSED");
        assertThat(o.path("shipments").asLong()).isZero();
        assertThat(o.path("transitions").toString()).doesNotContain("PAID");
        assertThat(f.stock("sku-1")).as("the units are back once and were not sold").isEqualTo(stock);
        assertThat(f.couponOf(code).path("state").asString()).isEqualTo("RELEASED");
        assertThat(f.charges().get(id)).hasSize(1);
        JsonNode m = trade.getJson("/internal/trade/metrics");
        assertThat(m.path("refunds").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(m.path("refundsPending").asLong()).isZero();
        assertThat(trade.getJson("/internal/trade/snapshot").path("acceptedNotices").toString()).contains(id).contains("REFUND");
    }

    /**
     * Reconciliation: the provider took money for a payment order the shop does not have (as a payment order
     * lost with a restored database would look). The shop refunds it when the notice arrives and leaves the
     * order alone; without the merchant's key nobody else can make such a charge at all.
     */
    @Test
    void aChargeTheShopNeverMadeIsRefundedWhenItsNoticeArrives() {
        ServiceUnderTest trade = patient.get("optimistic");
        String id = checkout(trade, "rc", "sku-1", 1, null, "alipay").path("orderId").asString();
        String notifyUrl = trade.url("/api/trade/notify/alipay").toString();
        String stray = id + "-p999-lost";
        String forged = MerchantRequests.pay("not-the-merchant-key", "shoplab", "shoplab-app", stray, 1999, notifyUrl, "alipay", id);
        assertThat(f.provider.post("/api/pay", forged).statusCode()).as("unsigned by the merchant: refused").isEqualTo(403);
        assertThat(f.charges().get(id)).isNull();

        HttpResponse<String> paid = f.provider.post("/api/pay", MerchantRequests.pay(TradeApp.DEFAULT_MERCHANT_KEY, "shoplab",
                "shoplab-app", stray, 1999, notifyUrl, "alipay", id));
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        await(Duration.ofSeconds(10), "the stray charge refunded", () -> f.charges().getOrDefault(id, List.of()).stream()
                .anyMatch(c -> c.path("outTradeNo").asString().equals(stray) && c.path("refunded").asBoolean()));
        assertThat(status(trade, id)).as("the order is not paid by money it did not ask for").isEqualTo("CREATED");
        JsonNode m = trade.getJson("/internal/trade/metrics");
        assertThat(m.path("unexpectedCharges").asLong()).isEqualTo(1);
        assertThat(m.path("refundsPending").asLong()).isZero();
        assertThat(trade.getJson("/internal/trade/snapshot").path("payments").toString()).doesNotContain(stray);

        JsonNode mine = pay(trade, id);
        assertThat(mine.path("paymentId").asString()).as("payment ids end in 64 random bits")
                .matches(java.util.regex.Pattern.quote(id) + "-p\\d+-[0-9a-f]{16}");
    }

    @Test
    void theTimeoutJobClosesUnpaidOrdersAndMeasuresHowLateItWas() {
        ServiceUnderTest trade = hasty.get("optimistic");
        long stock = f.stock("sku-2");
        f.issue("tj-1", "tj", 500, 0);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(checkout(trade, "tj", "sku-2", 1, i == 0 ? "tj-1" : null, "wechat").path("orderId").asString());
        }
        assertThat(f.stock("sku-2")).isEqualTo(stock - 5);
        await(Duration.ofSeconds(5), "all closed and given back", () -> ids.stream().allMatch(id -> {
            JsonNode o = order(trade, id);
            return o.path("status").asString().equals("CLOSED") && o.path("stockRestored").asBoolean()
                    && (o.path("couponCode").isNull() || o.path("couponRestored").asBoolean());
        }));
        assertThat(f.stock("sku-2")).isEqualTo(stock);
        assertThat(f.couponOf("tj-1").path("state").asString()).isEqualTo("RELEASED");
        // paying a closed order is refused
        HttpResponse<String> late = trade.post("/api/trade/orders/" + ids.get(0) + "/pay", "");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).path("error").asString()).isEqualTo("NOT_PAYABLE");

        JsonNode m = trade.getJson("/internal/trade/metrics");
        JsonNode l = m.path("timeoutCloseLatenessMs");
        assertThat(l.path("count").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(l.path("p50").asLong()).isBetween(0L, l.path("p99").asLong());
        assertThat(l.path("p99").asLong()).isLessThanOrEqualTo(l.path("max").asLong());
        assertThat(l.path("max").asLong()).as("a 20 ms job closes within two seconds of the deadline, even on a busy machine")
                .isLessThan(2000);
        assertThat(m.path("openOrders").asLong()).isZero();
    }

    /** Waits until each charge taken for these orders has had its notice acknowledged by the trade service. */
    static void awaitEveryChargeAcknowledged(List<String> ids) {
        await(Duration.ofSeconds(20), "every charge's notice acknowledged", () -> {
            Map<String, List<JsonNode>> charges = f.charges();
            for (String id : ids) {
                for (JsonNode c : charges.getOrDefault(id, List.of())) {
                    if (deliveries(c.path("outTradeNo").asString()).stream().noneMatch(n -> n.path("acknowledged").asBoolean())) {
                        return false;
                    }
                }
                if (!charges.containsKey(id)) {
                    return false;
                }
            }
            return true;
        });
    }

    static List<JsonNode> deliveries(String outTradeNo) {
        List<JsonNode> out = new ArrayList<>();
        f.provider.getJson("/internal/notices").path("notices").forEach(n -> {
            if (n.path("outTradeNo").asString().equals(outTradeNo)) {
                out.add(n);
            }
        });
        return out;
    }

    static String move(String from, String to, JsonNode order, int i) {
        return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"atEpochMs\":"
                + order.path("transitions").get(i).path("atEpochMs").asLong() + "}";
    }
}
