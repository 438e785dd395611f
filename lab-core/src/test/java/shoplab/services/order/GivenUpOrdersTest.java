package shoplab.services.order;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.services.ServiceUnderTest;
import shoplab.services.inventory.InventoryApp;
import shoplab.stack.net.LatencyProxy;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shoplab.services.ServiceUnderTest.json;

/**
 * No lost unit: a placement whose deduction happened but which cannot end in an order (the inventory's answer
 * lost on the wire, the order row refused by the database) gives its unit back, and a deduction that arrives
 * after its order was given up sells nothing. Real services over real HTTP, the failures injected in the real
 * link and the real database.
 */
class GivenUpOrdersTest {

    @TempDir
    static Path dir;
    static ServiceUnderTest inventory;
    static ServiceUnderTest orders;
    static LatencyProxy link;

    @BeforeAll
    static void boot() throws Exception {
        Map<String, Object> inv = new HashMap<>(ServiceUnderTest.h2(dir, "inventory"));
        inv.put(InventoryApp.STRATEGY, "db-pessimistic");
        inv.put(InventoryApp.SKUS, "sku-1:5");
        inv.put(InventoryApp.PER_USER_LIMIT, 1);
        inventory = ServiceUnderTest.start(InventoryApp.class, inv);
        link = new LatencyProxy("order->inventory", new InetSocketAddress("127.0.0.1", inventory.url("/").getPort()), 0);
        link.start();
        Map<String, Object> ord = new HashMap<>(ServiceUnderTest.h2(dir, "orders"));
        ord.put(OrderApp.INVENTORY_URL, "http://127.0.0.1:" + link.port());
        ord.put(OrderApp.HOLD_MILLIS, 60_000);
        orders = ServiceUnderTest.start(OrderApp.class, ord);
    }

    @AfterAll
    static void stop() {
        orders.close();
        link.stop();
        inventory.close();
    }

    static long dbStock() {
        return inventory.getJson("/internal/stock/metrics").path("skus").path("sku-1").path("db").asLong();
    }

    static HttpResponse<String> buy(String user) {
        return orders.post("/api/orders", "{\"user\":\"" + user + "\",\"sku\":\"sku-1\",\"qty\":1}");
    }

    static void awaitUnitBack(long stock) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(dbStock()).as("the unit is back in stock").isEqualTo(stock);
            assertThat(orders.getJson("/internal/orders/metrics").path("givenUpPending").asInt()).isZero();
        });
    }

    @Test
    void aDeductionWhoseAnswerIsLostIsGivenBack() {
        long before = dbStock();
        link.setLatencyMs(1500); // the answer spends 1.5 s on the wire: long enough to cut it there
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> buy("u-lost"));
        await().atMost(Duration.ofSeconds(10)).until(() -> dbStock() == before - 1); // deducted, answer on its way
        link.cut();
        HttpResponse<String> r = answer.join();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        assertThat(json(r).path("error").asString()).isEqualTo("INVENTORY_UNREACHABLE");
        link.heal();
        link.setLatencyMs(0);
        awaitUnitBack(before);
    }

    @Test
    void aDeductionWhoseOrderCannotBeWrittenIsGivenBack() throws Exception {
        long before = dbStock();
        // The order database itself refuses this buyer's row (the same H2 database, opened in this JVM).
        try (Connection c = DriverManager.getConnection(ServiceUnderTest.h2(dir, "orders").get("spring.datasource.url").toString(), "sa", "")) {
            c.createStatement().execute("ALTER TABLE orders ADD CONSTRAINT refuse_doomed CHECK (user_id <> 'doomed')");
        }
        HttpResponse<String> r = buy("doomed");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        assertThat(json(r).path("error").asString()).isEqualTo("ORDER_NOT_SAVED");
        awaitUnitBack(before);
        assertThat(buy("u-fine").statusCode()).as("others still buy").isEqualTo(201);
    }

    @Test
    void aDeductionArrivingAfterItsOrderWasGivenUpSellsNothing() {
        long before = dbStock();
        HttpResponse<String> released = inventory.post("/internal/stock/release", "{\"orderId\":\"late-1\",\"sku\":\"sku-1\"}");
        assertThat(released.statusCode()).isEqualTo(200);
        HttpResponse<String> late = inventory.post("/internal/stock/deduct",
                "{\"orderId\":\"late-1\",\"user\":\"u-late\",\"sku\":\"sku-1\",\"qty\":1}");
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(json(late).path("error").asString()).isEqualTo("ORDER_CLOSED");
        assertThat(dbStock()).isEqualTo(before);
    }
}
