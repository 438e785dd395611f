package shoplab.services.trade;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.services.ServiceUnderTest;
import shoplab.services.common.Signer;
import shoplab.stack.Ports;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static shoplab.services.ServiceUnderTest.await;
import static shoplab.services.ServiceUnderTest.json;
import static shoplab.services.trade.TradeFixture.checkout;
import static shoplab.services.trade.TradeFixture.notice;
import static shoplab.services.trade.TradeFixture.order;
import static shoplab.services.trade.TradeFixture.pay;
import static shoplab.services.trade.TradeFixture.status;

/**
 * The checkout over real HTTP against real inventory, product, coupon and provider services: the happy
 * path to a shipped order, sold out, and bad input to every trade endpoint leaving nothing behind.
 */
class CheckoutTest {

    @TempDir
    static Path dir;
    static TradeFixture f;
    static ServiceUnderTest trade;

    @BeforeAll
    static void boot() {
        f = new TradeFixture(dir, Map.of());
        trade = f.trade("optimistic", 60_000, "c");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void checksOutPaysAndShipsOnce() {
        f.issue("happy-5", "ann", 500, 3000);
        long stock = f.stock("sku-1");
        // 2 x 19.99 = 39.98, shipping 6.00 + 2 x 1.00, coupon -5.00
        JsonNode placed = checkout(trade, "ann", "sku-1", 2, "happy-5", "alipay");
        String id = placed.path("orderId").asString();
        assertThat(placed.path("status").asString()).isEqualTo("CREATED");
        assertThat(placed.path("amountCents").asLong()).isEqualTo(3998 + 800 - 500);
        assertThat(f.stock("sku-1")).isEqualTo(stock - 2);
        assertThat(f.couponOf("happy-5").path("state").asString()).isEqualTo("LOCKED");
        JsonNode o = order(trade, id);
        assertThat(o.path("lines").get(0).path("lineCents").asLong()).isEqualTo(3998);
        assertThat(o.path("shippingCents").asLong()).isEqualTo(800);
        assertThat(o.path("couponCode").asString()).isEqualTo("happy-5");

        JsonNode paid = pay(trade, id);
        assertThat(paid.path("paymentId").asString()).startsWith(id + "-p");
        assertThat(paid.path("tradeNo").asString()).startsWith("T");
        assertThat(paid.path("amountCents").asLong()).isEqualTo(4298);

        await(Duration.ofSeconds(10), "the provider's notice ships " + id, () -> status(trade, id).equals("SHIPPED"));
        await(Duration.ofSeconds(10), "the coupon is redeemed", () -> f.couponOf("happy-5").path("state").asString().equals("REDEEMED"));
        o = order(trade, id);
        assertThat(o.path("shipments").asLong()).isEqualTo(1);
        assertThat(o.path("transitions").toString()).contains("\"from\":\"CREATED\",\"to\":\"PAYING\"")
                .contains("\"from\":\"PAYING\",\"to\":\"PAID\"").contains("\"from\":\"PAID\",\"to\":\"SHIPPED\"");
        assertThat(o.path("payments")).hasSize(1);
        assertThat(o.path("payments").get(0).path("status").asString()).isEqualTo("SUCCESS");
        assertThat(f.stock("sku-1")).isEqualTo(stock - 2);

        JsonNode snapshot = trade.getJson("/internal/trade/snapshot");
        JsonNode mine = null;
        for (JsonNode s : snapshot.path("orders")) {
            if (s.path("orderId").asString().equals(id)) {
                mine = s;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("sku").asString()).isEqualTo("sku-1");
        assertThat(mine.path("units").asInt()).isEqualTo(2);
        assertThat(mine.path("shipments").asLong()).isEqualTo(1);
        assertThat(mine.path("couponRestored").asBoolean()).isFalse();
        assertThat(snapshot.path("acceptedNotices").toString()).contains(id).contains(paid.path("tradeNo").asString());
        JsonNode m = trade.getJson("/internal/trade/metrics");
        assertThat(m.path("guard").asString()).isEqualTo("optimistic");
        assertThat(m.path("salesPending").asLong()).isGreaterThanOrEqualTo(1); // no Kafka here: the sale waits in the outbox
    }

    @Test
    void soldOutTakesNothing() {
        f.issue("rare-1", "bob", 100, 0);
        JsonNode first = checkout(trade, "bob", "sku-rare", 1, null, "wechat");
        assertThat(first.path("status").asString()).isEqualTo("CREATED");
        long orders = trade.getJson("/internal/trade/metrics").path("orders").asLong();
        HttpResponse<String> r = trade.post("/api/trade/orders",
                "{\"userId\":\"bob\",\"sku\":\"sku-rare\",\"quantity\":1,\"channel\":\"wechat\",\"couponCode\":\"rare-1\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(r.body()).contains("SOLD_OUT");
        assertThat(trade.getJson("/internal/trade/metrics").path("orders").asLong()).isEqualTo(orders);
        assertThat(f.couponOf("rare-1").path("state").asString()).isEqualTo("ISSUED");
        assertThat(f.couponOf("rare-1").path("uses")).isEmpty();
        assertThat(f.stock("sku-rare")).isZero();
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        f.issue("cy-5", "cy", 500, 0);
        f.issue("dee-5", "dee", 500, 0);
        f.issue("big-min", "cy", 500, 1_000_000);
        // a paid order and a placed request, to replay
        String paidId = checkout(trade, "cy", "sku-2", 1, null, "wechat").path("orderId").asString();
        pay(trade, paidId);
        HttpResponse<String> placed = trade.post("/api/trade/orders",
                "{\"userId\":\"cy\",\"sku\":\"sku-1\",\"quantity\":1,\"channel\":\"alipay\",\"requestId\":\"req-1\"}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String open = json(placed).path("orderId").asString();
        JsonNode openPay = pay(trade, open); // PAYING; its notice may come at once: await quiet below
        await(Duration.ofSeconds(10), "both orders shipped and the trade quiet", () -> status(trade, paidId).equals("SHIPPED")
                && status(trade, open).equals("SHIPPED") && trade.getJson("/internal/trade/metrics").path("effectsPending").asLong() == 0);
        JsonNode paid = order(trade, paidId);
        JsonNode payment = paid.path("payments").get(0);

        JsonNode snapshot = trade.getJson("/internal/trade/snapshot");
        ObjectNode metrics = (ObjectNode) trade.getJson("/internal/trade/metrics");
        long rejected = metrics.path("noticesRejected").asLong();
        Map<String, Long> stock = new HashMap<>();
        for (String sku : new String[]{"sku-1", "sku-2", "sku-lux"}) {
            stock.put(sku, f.stock(sku));
        }
        String coupons = f.coupon.getJson("/internal/coupons").toString();
        String ledger = f.provider.getJson("/internal/ledger").toString();

        // checkout
        String ok = "\"userId\":\"cy\",\"sku\":\"sku-1\",\"channel\":\"alipay\"";
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":0}", 400, "INVALID_QUANTITY");
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":-3}", 400, "INVALID_QUANTITY");
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":101}", 400, "INVALID_QUANTITY");
        refused("/api/trade/orders", "{" + ok + "}", 400, "MISSING_QUANTITY");
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":\"2\"}", 400, "MALFORMED_BODY");
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":1.5}", 400, "MALFORMED_BODY");
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":99999999999999999999}", 400, "MALFORMED_BODY");
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":1} trailing", 400, "MALFORMED_BODY");
        refused("/api/trade/orders", "{\"userId\":\"cy\",\"sku\":", 400, "MALFORMED_BODY");
        refused("/api/trade/orders", "", 400, "MALFORMED_BODY");
        refused("/api/trade/orders", "{\"sku\":\"sku-1\",\"quantity\":1,\"channel\":\"alipay\"}", 400, "INVALID_USERID");
        refused("/api/trade/orders", "{\"userId\":\"cy\",\"sku\":\"sku 1;drop\",\"quantity\":1,\"channel\":\"alipay\"}", 400, "INVALID_SKU");
        refused("/api/trade/orders", "{\"userId\":\"cy\",\"sku\":\"sku-9\",\"quantity\":1,\"channel\":\"alipay\"}", 404, "UNKNOWN_SKU");
        refused("/api/trade/orders", "{\"userId\":\"cy\",\"sku\":\"sku-1\",\"quantity\":1,\"channel\":\"paypal\"}", 400, "INVALID_CHANNEL");
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":1,\"region\":\"north pole!\"}", 400, "INVALID_REGION");
        // 2 x 90,000,000.00 is beyond the 100,000,000.00 a payment may be
        refused("/api/trade/orders", "{\"userId\":\"cy\",\"sku\":\"sku-lux\",\"quantity\":2,\"channel\":\"alipay\"}", 400, "AMOUNT_TOO_LARGE");
        // coupons: unknown, someone else's, below its minimum: the stock taken is given back
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":1,\"couponCode\":\"nope\"}", 404, "UNKNOWN_COUPON");
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":1,\"couponCode\":\"dee-5\"}", 403, "NOT_YOUR_COUPON");
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":1,\"couponCode\":\"big-min\"}", 422, "BELOW_MINIMUM");
        refused("/api/trade/orders", "{" + ok + ",\"quantity\":1,\"requestId\":\"req-1\"}", 409, "REPLAYED_REQUEST");
        HttpResponse<String> big = trade.post("/api/trade/orders", "application/json",
                HttpRequest.BodyPublishers.ofString("{" + ok + ",\"quantity\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}"));
        assertThat(big.statusCode()).isEqualTo(413);
        HttpResponse<String> text = trade.post("/api/trade/orders", "text/plain", HttpRequest.BodyPublishers.ofString("{" + ok + "}"));
        assertThat(text.statusCode()).isEqualTo(415);

        // pay
        refused("/api/trade/orders/t-999/pay", "", 404, "UNKNOWN_ORDER");
        refused("/api/trade/orders/bad%20id/pay", "", 400, "INVALID_ORDERID");
        refused("/api/trade/orders/" + paidId + "/pay", "", 409, "NOT_PAYABLE"); // replayed: paid already
        assertThat(trade.post("/api/trade/orders/" + paidId + "/pay", "application/json",
                HttpRequest.BodyPublishers.ofString("x".repeat(70_000))).statusCode()).isEqualTo(413);
        assertThat(trade.get("/api/trade/orders/c-999").statusCode()).isEqualTo(404);

        // notices: each refused with a 400 and counted as rejected
        String tradeNo = payment.path("tradeNo").asString();
        String pid = payment.path("paymentId").asString();
        long amount = payment.path("amountCents").asLong();
        int notices = 0;
        notices += rejectedNotice("wechat", "{not json");
        notices += rejectedNotice("wechat", "[1,2]");
        notices += rejectedNotice("wechat", "{\"amountCents\":12}");
        Map<String, String> fields = TradeFixture.fields("N-x1", "wechat", pid, tradeNo, paidId, amount, "SUCCESS", "shoplab");
        notices += rejectedNotice("wechat", ServiceUnderTest.JSON.writeValueAsString(fields)); // unsigned
        notices += rejectedNotice("wechat", new TradeFixture.NoticeSignerForTests("not-the-key").signed(fields)); // forged
        notices += rejectedNotice("wechat", notice("N-x2", "wechat", pid, tradeNo, paidId, amount - 1, "SUCCESS")); // wrong amount
        notices += rejectedNotice("wechat", notice("N-x3", "wechat", pid, tradeNo, paidId, Long.MAX_VALUE, "SUCCESS")); // absurd amount
        // (a genuine notice for a payment the shop never made is not refused but refunded: PaymentGuardsTest)
        notices += rejectedNotice("wechat", notice("N-x5", "wechat", pid, "T999999", paidId, amount, "SUCCESS")); // another trade
        notices += rejectedNotice("wechat", notice("N-x6", "wechat", pid, tradeNo, open, amount, "SUCCESS")); // another order
        notices += rejectedNotice("wechat", notice("N-x7", "wechat", pid, tradeNo, paidId, amount, "PENDING")); // unknown status
        notices += rejectedNotice("wechat", TradeFixture.SIGNER.signed(
                TradeFixture.fields("N-x8", "wechat", pid, tradeNo, paidId, amount, "SUCCESS", "another-merchant")));
        notices += rejectedNotice("alipay", notice("N-x9", "wechat", pid, tradeNo, paidId, amount, "SUCCESS")); // wrong endpoint
        HttpResponse<String> unknownChannel = trade.post("/api/trade/notify/paypal", notice("N-x10", "wechat", pid, tradeNo, paidId,
                amount, "SUCCESS"));
        assertThat(unknownChannel.statusCode()).isEqualTo(404);
        notices++;
        assertThat(trade.post("/api/trade/notify/wechat", "application/json",
                HttpRequest.BodyPublishers.ofString("{\"a\":\"" + "x".repeat(70_000) + "\"}")).statusCode()).isEqualTo(413);
        // a genuine duplicate of a handled notice is acknowledged and changes nothing
        HttpResponse<String> dup = trade.post("/api/trade/notify/wechat", notice("N" + tradeNo, "wechat", pid, tradeNo, paidId,
                amount, "SUCCESS"));
        assertThat(dup.statusCode()).isEqualTo(200);
        assertThat(dup.body()).contains("SUCCESS");

        // nothing changed: same orders, same stock, coupons and charges; only the rejections were counted
        assertThat(trade.getJson("/internal/trade/snapshot")).isEqualTo(snapshot);
        ObjectNode after = (ObjectNode) trade.getJson("/internal/trade/metrics");
        assertThat(after.path("noticesRejected").asLong()).isEqualTo(rejected + notices);
        assertThat(after.path("duplicatesIgnored").asLong()).isEqualTo(metrics.path("duplicatesIgnored").asLong() + 1);
        for (String k : new String[]{"noticesRejected", "duplicatesIgnored"}) {
            after.remove(k);
            metrics.remove(k);
        }
        assertThat(after).isEqualTo(metrics);
        stock.forEach((sku, qty) -> assertThat(f.stock(sku)).as(sku).isEqualTo(qty));
        assertThat(f.coupon.getJson("/internal/coupons").toString()).isEqualTo(coupons);
        assertThat(f.provider.getJson("/internal/ledger").toString()).isEqualTo(ledger);
        assertThat(openPay.path("status").asString()).isIn("PAYING", "SHIPPED");
    }

    @Test
    void refusesToRunWithoutKafkaAndTheProductCountsNoSalesWithoutRedis() {
        int port = Ports.freePort();
        Map<String, Object> p = new HashMap<>(ServiceUnderTest.h2(dir, "trade-nokafka"));
        p.putAll(f.tradeProperties(port, "optimistic", 60_000, "nk"));
        assertThatThrownBy(() -> ServiceUnderTest.start(TradeApp.class, port, p))
                .hasStackTraceContaining("needs " + TradeApp.KAFKA_BOOTSTRAP);
        HttpResponse<String> sales = f.product.get("/internal/sales");
        assertThat(sales.statusCode()).isEqualTo(503);
        assertThat(f.product.getJson("/api/products/sku-1").has("sales")).isFalse();
    }

    static void refused(String path, String body, int status, String code) {
        HttpResponse<String> r = trade.post(path, body);
        assertThat(r.statusCode()).as(path + " " + body + " -> " + r.body()).isEqualTo(status);
        assertThat(json(r).path("error").asString()).as(r.body()).isEqualTo(code);
        assertThat(json(r).path("message").asString()).isNotBlank();
    }

    static int rejectedNotice(String channel, String body) {
        HttpResponse<String> r = trade.post("/api/trade/notify/" + channel, body);
        assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
        if (channel.equals("alipay")) {
            assertThat(r.body()).isEqualTo("failure");
        } else {
            assertThat(json(r).path("code").asString()).isEqualTo("FAIL");
        }
        return 1;
    }
}
