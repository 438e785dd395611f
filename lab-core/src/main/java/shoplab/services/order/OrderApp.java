package shoplab.services.order;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.ApiError;
import shoplab.services.common.Migrations;
import shoplab.services.common.SiteLease;
import shoplab.services.inventory.StockMechanism;
import tools.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Map;

/**
 * The order (trade) service: places orders by asking the inventory service to deduct stock (or, on the
 * queued path, by taking the unit in Redis itself), holds them for payment, and releases the stock of
 * orders whose hold expired.
 */
@SpringBootApplication(scanBasePackageClasses = {OrderApp.class, ApiError.class})
public class OrderApp {

    /** Properties the stack sets. */
    public static final String INVENTORY_URL = "shoplab.inventory.url";
    public static final String HOLD_MILLIS = "shoplab.order.hold-millis";
    /** Order ids are {@code <prefix>-<n>-<user bits>}: instances sharing one database each get their own prefix. */
    public static final String ORDER_ID_PREFIX = "shoplab.order.id-prefix";
    /** Tables the order rows are split over, routed by user (1, the default: one table). */
    public static final String SHARDS = "shoplab.order.shards";
    /** The stock strategy; {@code redis-mq} (or a mutant of it) runs the queued order path here. */
    public static final String STOCK_STRATEGY = "shoplab.order.stock-strategy";
    /** The queued path's stores and the per-user limit its script checks. */
    public static final String REDIS_PORT = "shoplab.order.redis-port";
    public static final String KAFKA_BOOTSTRAP = "shoplab.order.kafka-bootstrap";
    public static final String PER_USER_LIMIT = "shoplab.order.per-user-limit";
    /** The anti-fraud defence ({@link AntiFraudMechanism}); none by default. */
    public static final String DEFENCE = "shoplab.order.defence";
    /** The key sale tokens are signed with, the same for every instance of the stack (absent: one per instance). */
    public static final String SALE_TOKEN_KEY = "shoplab.order.sale-token-key";

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager tm) {
        return new TransactionTemplate(tm);
    }

    @Bean
    OrderTable orderTable(DataSource ds, JdbcTemplate jdbc, @Value("${" + SHARDS + ":1}") int shards) {
        Migrations.migrate(ds, "db/order");
        return new OrderTable(jdbc, shards);
    }

    /** The queued order path, when the stock strategy is the note's ({@link StockMechanism#QUEUED}). */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(REDIS_PORT)
    QueuedOrders queuedOrders(OrderTable table, TransactionTemplate tx, ObjectMapper json, SiteLease lease,
                              @Value("${" + STOCK_STRATEGY + "}") String strategy,
                              @Value("${" + REDIS_PORT + "}") int redisPort,
                              @Value("${" + KAFKA_BOOTSTRAP + "}") String kafka,
                              @Value("${" + PER_USER_LIMIT + ":1}") int limit,
                              @Value("${" + HOLD_MILLIS + "}") long holdMillis,
                              @Value("${" + ORDER_ID_PREFIX + ":o}") String prefix) {
        StockMechanism.Resolved resolved = StockMechanism.resolve(strategy);
        if (!StockMechanism.QUEUED.equals(resolved.base())) {
            throw new IllegalArgumentException(REDIS_PORT + " is for the queued order path (" + StockMechanism.QUEUED
                    + "), not " + strategy);
        }
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redisPort)
                .withTimeout(Duration.ofSeconds(2)).build()); // fail fast: a dead Redis must not hold request threads
        StatefulRedisConnection<String, String> conn = client.connect();
        OrderBuffer buffer = new OrderBuffer(conn.sync(), resolved.safeguards());
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000),
                new StringSerializer(), new StringSerializer());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "order-writer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                // A short window: the writer batches what arrived meanwhile, and an order reaches the DB soon.
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 << 10,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50),
                new StringDeserializer(), new StringDeserializer());
        OrderWriter writer = new OrderWriter(consumer, table, tx, buffer, json, lease);
        return new QueuedOrders(buffer, producer, writer, json, lease, limit, holdMillis, prefix, table.maxSeq(prefix), () -> {
            producer.close(Duration.ofSeconds(2));
            conn.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        });
    }
}
