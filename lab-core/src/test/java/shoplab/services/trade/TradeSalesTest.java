package shoplab.services.trade;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.services.ServiceUnderTest;
import shoplab.services.product.ProductApp;
import shoplab.services.product.SaleMessage;
import shoplab.stack.store.KafkaBroker;
import shoplab.stack.store.RedisNode;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.services.ServiceUnderTest.await;
import static shoplab.services.trade.TradeFixture.checkout;
import static shoplab.services.trade.TradeFixture.pay;
import static shoplab.services.trade.TradeFixture.status;

/**
 * The sales path end to end, with a real Kafka broker and a real redis-server: a shipment queues its sale
 * (outbox, then Kafka {@code trade.sales}), the product service adds it to {@code sales:<sku>} in Redis and
 * shows it. Under the provider's storm (duplicates, concurrent copies, a stale FAIL after each success)
 * every paid unit is counted exactly once. The only test class that boots Kafka.
 */
class TradeSalesTest {

    @TempDir
    static Path dir;
    static KafkaBroker kafka;
    static RedisNode redis;
    static TradeFixture f;
    static ServiceUnderTest trade;

    @BeforeAll
    static void boot() throws Exception {
        kafka = new KafkaBroker("kafka", SaleMessage.TOPIC);
        kafka.start();
        redis = new RedisNode("redis", dir.resolve("redis"));
        redis.start();
        f = new TradeFixture(dir, Map.of(ProductApp.REDIS_PORT, redis.port(), ProductApp.KAFKA_BOOTSTRAP, kafka.bootstrapServers()));
        trade = f.trade("pessimistic", 120_000, "s", Map.of(TradeApp.KAFKA_BOOTSTRAP, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        try {
            f.close();
        } finally {
            redis.stop();
            kafka.stop();
        }
    }

    @Test
    void everyPaidUnitIsCountedOnceThroughTheQueueInRedis() {
        f.storm("{\"duplicateRate\":1,\"duplicateCount\":2,\"concurrentRate\":1,\"concurrentCount\":4,\"outOfOrderRate\":1}");
        Map<String, Long> units = new HashMap<>(Map.of("sku-1", 0L, "sku-2", 0L));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String sku = i % 3 == 0 ? "sku-2" : "sku-1";
            int qty = 1 + i % 3;
            String id = checkout(trade, "sa-" + i, sku, qty, null, i % 2 == 0 ? "wechat" : "alipay").path("orderId").asString();
            pay(trade, id);
            ids.add(id);
            units.merge(sku, (long) qty, Long::sum);
        }
        await(Duration.ofSeconds(15), "every order shipped", () -> ids.stream().allMatch(id -> status(trade, id).equals("SHIPPED")));
        await(Duration.ofSeconds(15), "the storm is over", () -> f.provider.getJson("/internal/notices").path("pending").asInt() == 0);
        await(Duration.ofSeconds(15), "every sale published and consumed", () -> {
            JsonNode m = trade.getJson("/internal/trade/metrics");
            JsonNode s = f.product.getJson("/internal/sales");
            return m.path("salesPending").asLong() == 0 && m.path("salesPublished").asLong() == ids.size()
                    && s.path("lag").asLong() == 0 && s.path("applied").asLong() >= ids.size();
        });
        JsonNode sales = f.product.getJson("/internal/sales").path("sales");
        assertThat(sales.path("sku-1").asLong()).isEqualTo(units.get("sku-1"));
        assertThat(sales.path("sku-2").asLong()).isEqualTo(units.get("sku-2"));
        assertThat(f.product.getJson("/api/products/sku-1").path("sales").asLong()).isEqualTo(units.get("sku-1"));
        JsonNode m = trade.getJson("/internal/trade/metrics");
        assertThat(m.path("shipments").asLong()).isEqualTo(ids.size());
        assertThat(m.path("duplicatesIgnored").asLong()).as("duplicates, copies and stale FAILs").isGreaterThanOrEqualTo(ids.size() * 7L);
        assertThat(m.path("pendingWork").asLong()).isZero();

        // a message delivered twice (a producer retry, a consumer restart) is counted once
        SaleMessage twice = new SaleMessage("replayed-1", ids.get(1), "sku-1", 2, "N-replay");
        long applied = f.product.getJson("/internal/sales").path("applied").asLong();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            String body = ServiceUnderTest.JSON.writeValueAsString(twice);
            p.send(new ProducerRecord<>(SaleMessage.TOPIC, twice.orderId(), body));
            p.send(new ProducerRecord<>(SaleMessage.TOPIC, twice.orderId(), body));
            p.flush();
        }
        await(Duration.ofSeconds(10), "both copies consumed", () -> f.product.getJson("/internal/sales").path("applied").asLong() == applied + 2);
        assertThat(f.product.getJson("/internal/sales").path("sales").path("sku-1").asLong()).isEqualTo(units.get("sku-1") + 2);
    }
}
