package shoplab.services.trade;

import shoplab.services.ServiceUnderTest;
import shoplab.services.common.Signer;
import shoplab.services.coupon.CouponApp;
import shoplab.services.inventory.InventoryApp;
import shoplab.services.payment.PaymentProviderApp;
import shoplab.services.product.ProductApp;
import shoplab.stack.Ports;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.services.ServiceUnderTest.json;

/**
 * The services a checkout talks to, booted for real on loopback: inventory (db-pessimistic on H2, so no
 * Redis or Kafka), product, coupon, the payment provider; and any number of trade services on them.
 */
final class TradeFixture implements AutoCloseable {

    /** sku-1 19.99 (plenty), sku-2 120.00 (ships free), sku-rare 5.00 (one unit), sku-lux 90,000,000.00. */
    static final String PRICES = "sku-1:1999,sku-2:12000,sku-rare:500,sku-lux:9000000000";
    static final String STOCK = "sku-1:100000,sku-2:100000,sku-rare:1,sku-lux:100";
    static final NoticeSignerForTests SIGNER = new NoticeSignerForTests(TradeApp.DEFAULT_SIGN_KEY);

    final Path dir;
    final ServiceUnderTest inventory;
    final ServiceUnderTest product;
    final ServiceUnderTest coupon;
    final ServiceUnderTest provider;
    private final List<ServiceUnderTest> trades = new ArrayList<>();
    private final ExecutorService clicks = Executors.newFixedThreadPool(16);

    TradeFixture(Path dir, Map<String, Object> productExtra) {
        this.dir = dir;
        Map<String, Object> inv = new HashMap<>(ServiceUnderTest.h2(dir, "inventory"));
        inv.put(InventoryApp.STRATEGY, "db-pessimistic");
        inv.put(InventoryApp.SKUS, STOCK);
        inv.put(InventoryApp.PER_USER_LIMIT, 1_000_000);
        inventory = ServiceUnderTest.start(InventoryApp.class, inv);
        Map<String, Object> prod = new HashMap<>(productExtra);
        prod.put(ProductApp.PRICES, PRICES);
        product = ServiceUnderTest.start(ProductApp.class, prod);
        coupon = ServiceUnderTest.start(CouponApp.class, ServiceUnderTest.h2(dir, "coupon"));
        Map<String, Object> pay = new HashMap<>(ServiceUnderTest.h2(dir, "payment"));
        pay.put(PaymentProviderApp.TIME_FACTOR, 10_000); // Alipay's 4 min retry in 24 ms
        provider = ServiceUnderTest.start(PaymentProviderApp.class, pay);
    }

    /** A trade service with the guard, order timeout and order-id prefix given; no Kafka (sales stay in the outbox). */
    ServiceUnderTest trade(String guard, long timeoutMs, String prefix) {
        Map<String, Object> p = new HashMap<>();
        p.put(TradeApp.SALES_OUTBOX_ONLY, true);
        return trade(guard, timeoutMs, prefix, p);
    }

    ServiceUnderTest trade(String guard, long timeoutMs, String prefix, Map<String, Object> extra) {
        int port = Ports.freePort();
        Map<String, Object> p = new HashMap<>(ServiceUnderTest.h2(dir, "trade-" + prefix));
        p.putAll(tradeProperties(port, guard, timeoutMs, prefix));
        p.putAll(extra);
        ServiceUnderTest t = ServiceUnderTest.start(TradeApp.class, port, p);
        trades.add(t);
        return t;
    }

    Map<String, Object> tradeProperties(int port, String guard, long timeoutMs, String prefix) {
        Map<String, Object> p = new HashMap<>();
        p.put(TradeApp.PRODUCT_URL, product.url("/").toString());
        p.put(TradeApp.INVENTORY_URL, inventory.url("/").toString());
        p.put(TradeApp.COUPON_URL, coupon.url("/").toString());
        p.put(TradeApp.PAYMENT_URL, provider.url("/").toString());
        p.put(TradeApp.NOTIFY_URL, "http://127.0.0.1:" + port + "/api/trade/notify");
        p.put(TradeApp.GUARD, guard);
        p.put(TradeApp.ORDER_TIMEOUT_MS, timeoutMs);
        p.put(TradeApp.TIMEOUT_PERIOD_MS, 20);
        p.put(TradeApp.EFFECT_RETRY_MS, 200);
        p.put(TradeApp.ORDER_ID_PREFIX, prefix);
        // The naive guard's race is forced: rivals that meet within 300 ms all read before any writes (the safe
        // guards have no gap to widen).
        p.put(shoplab.services.common.RaceWindow.PROPERTY, 300);
        return p;
    }

    // ---- the services' APIs ----

    static JsonNode checkout(ServiceUnderTest trade, String user, String sku, int quantity, String coupon, String channel) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", user);
        body.put("sku", sku);
        body.put("quantity", quantity);
        body.put("channel", channel);
        if (coupon != null) {
            body.put("couponCode", coupon);
        }
        HttpResponse<String> r = trade.post("/api/trade/orders", ServiceUnderTest.JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static JsonNode pay(ServiceUnderTest trade, String orderId) {
        HttpResponse<String> r = trade.post("/api/trade/orders/" + orderId + "/pay", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static JsonNode order(ServiceUnderTest trade, String orderId) {
        return trade.getJson("/api/trade/orders/" + orderId);
    }

    static String status(ServiceUnderTest trade, String orderId) {
        return order(trade, orderId).path("status").asString();
    }

    void issue(String code, String user, long discountCents, long minOrderCents) {
        HttpResponse<String> r = coupon.post("/internal/coupons/issue", "{\"code\":\"" + code + "\",\"userId\":\"" + user
                + "\",\"discountCents\":" + discountCents + ",\"minOrderCents\":" + minOrderCents + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** The coupon's row and the uses (one per order that held it). */
    JsonNode couponOf(String code) {
        for (JsonNode c : coupon.getJson("/internal/coupons").path("coupons")) {
            if (c.path("code").asString().equals(code)) {
                return c;
            }
        }
        throw new AssertionError("no coupon " + code);
    }

    long stock(String sku) {
        // The stock row itself: the buyers' /api/stock is a cached view, up to 100 ms old.
        return inventory.getJson("/internal/stock/metrics").path("skus").path(sku).path("db").asLong();
    }

    void storm(String json) {
        HttpResponse<String> r = provider.post("/internal/storm", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    void calm() {
        storm("{}");
    }

    /** The provider's charges per order id. */
    Map<String, List<JsonNode>> charges() {
        Map<String, List<JsonNode>> byOrder = new HashMap<>();
        provider.getJson("/internal/ledger").path("charges").forEach(c ->
                byOrder.computeIfAbsent(c.path("orderId").asString(), k -> new ArrayList<>()).add(c));
        return byOrder;
    }

    /** A genuine notice for a payment, signed with the provider's key, as the provider writes it. */
    static String notice(String notifyId, String channel, String paymentId, String tradeNo, String orderId, long amountCents,
                         String status) {
        return SIGNER.signed(fields(notifyId, channel, paymentId, tradeNo, orderId, amountCents, status, "shoplab"));
    }

    static Map<String, String> fields(String notifyId, String channel, String paymentId, String tradeNo, String orderId,
                                      long amountCents, String status, String merchant) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("notifyId", notifyId);
        f.put("notifyTime", Long.toString(System.currentTimeMillis()));
        f.put("merchantId", merchant);
        f.put("appId", "shoplab-app");
        f.put("channel", channel);
        f.put("outTradeNo", paymentId);
        f.put("tradeNo", tradeNo);
        f.put("orderId", orderId);
        f.put("amountCents", Long.toString(amountCents));
        f.put("status", status);
        f.put("sign_type", "HMAC-SHA256");
        return f;
    }

    /** Runs every task at the same instant (released together), each on its own thread; their results in order. */
    <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(clicks.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        ready.await();
        go.countDown();
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    static <T> List<Callable<T>> times(int n, Function<Integer, T> task) {
        List<Callable<T>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            tasks.add(() -> task.apply(k));
        }
        return tasks;
    }

    @Override
    public void close() {
        clicks.shutdownNow();
        for (ServiceUnderTest t : trades) {
            t.close();
        }
        provider.close();
        coupon.close();
        product.close();
        inventory.close();
    }

    /** {@link Signer} with a key given as text, producing the JSON body a notice is posted as. */
    static final class NoticeSignerForTests {
        private final Signer signer;

        NoticeSignerForTests(String key) {
            this.signer = new Signer(key.getBytes(StandardCharsets.UTF_8));
        }

        String signed(Map<String, String> fields) {
            Map<String, String> f = new LinkedHashMap<>(fields);
            f.put("sign", signer.sign(f));
            return ServiceUnderTest.JSON.writeValueAsString(f);
        }
    }
}
