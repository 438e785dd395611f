package shoplab.services.inventory;

import shoplab.services.common.SiteLease;
import shoplab.services.common.RaceWindow;
import shoplab.services.common.Safeguards;
import shoplab.topology.Mechanism;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.ApiError;
import shoplab.services.common.Migrations;
import tools.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The inventory (product trade info) service: owns the stock, deducts and releases it with the strategy
 * the run chose. Its own Spring Boot context; configured only through the properties the stack passes.
 */
@org.springframework.context.annotation.Import(shoplab.services.tx.TxParticipant.class)
@SpringBootApplication(scanBasePackageClasses = {InventoryApp.class, ApiError.class})
public class InventoryApp {

    /** Properties the stack sets. */
    public static final String STRATEGY = "shoplab.stock.strategy";
    public static final String SKUS = "shoplab.stock.skus";
    public static final String PER_USER_LIMIT = "shoplab.stock.per-user-limit";
    public static final String REDIS_PORT = "shoplab.redis.port";
    public static final String KAFKA_BOOTSTRAP = "shoplab.kafka.bootstrap";
    /**
     * Semi-synchronous Redis: after the stock script deducts, {@code WAIT 1} this long for a replica to have it
     * (0, the default: async). Without one in time the deduction stands and counts as a fall-back to async.
     */
    public static final String REDIS_WAIT_MS = "shoplab.redis.wait-ms";

    /** How long the worker gathers change records before writing them to the DB in one transaction. */
    static final int BATCH_WINDOW_MS = 500;

    @Bean
    StockRowWrites stockRowWrites() {
        return new StockRowWrites();
    }

    @Bean
    TransactionTemplate transactionTemplate(org.springframework.transaction.PlatformTransactionManager tm) {
        return new TransactionTemplate(tm);
    }

    /** SKU to initial stock, from {@code sku-1:100,sku-2:5}. */
    public static Map<String, Long> parseSkus(String spec) {
        Map<String, Long> skus = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split(":");
            skus.put(kv[0], Long.parseLong(kv[1]));
        }
        return skus;
    }

    @Bean(destroyMethod = "close")
    StockService stockService(DataSource ds, JdbcTemplate jdbc, TransactionTemplate tx, StockRowWrites writes,
                              ObjectMapper json,
                              @Value("${" + STRATEGY + "}") String strategy,
                              @Value("${" + SKUS + "}") String skus,
                              @Value("${" + PER_USER_LIMIT + ":1}") int limit,
                              @Value("${" + REDIS_PORT + ":-1}") int redisPort,
                              @Value("${" + KAFKA_BOOTSTRAP + ":}") String kafka,
                              @Value("${" + RaceWindow.PROPERTY + ":0}") long raceWindowMs,
                              @Value("${" + REDIS_WAIT_MS + ":0}") long redisWaitMs,
                              SiteLease lease) {
        Migrations.migrate(ds, "db/inventory");
        Map<String, Long> initial = parseSkus(skus);
        // Only where missing: a second instance, or a restart after a crash, must not reset the stock.
        initial.forEach((sku, qty) -> jdbc.update("INSERT INTO stock (sku, qty, initial) SELECT ?, ?, ? FROM DUAL "
                + "WHERE NOT EXISTS (SELECT 1 FROM stock WHERE sku = ?)", sku, qty, qty, sku));
        // A mutant is its strategy with one safeguard off (StockMechanism lists them).
        StockMechanism.Resolved resolved = StockMechanism.resolve(strategy);
        String base = resolved.base();
        StockFactory factory = STRATEGIES.get(base);
        if (factory == null) {
            throw new IllegalArgumentException("unknown stock strategy '" + strategy + "' (expected one of: "
                    + String.join(", ", new java.util.TreeSet<>(STRATEGIES.keySet())) + ", or a mutant of one)");
        }
        Safeguards safeguards = resolved.safeguards().requireKnown(base, SAFEGUARDS.getOrDefault(base, Set.of()));
        return factory.create(new StockContext(jdbc, tx, new StockTables(jdbc, writes), json, limit, redisPort, kafka, initial,
                safeguards, new RaceWindow(raceWindowMs), lease, redisWaitMs));
    }

    /**
     * What a stock strategy is built from: the database, the limit, Redis and Kafka where it needs them, the
     * stock, which of its safeguards are on, and the race window the lab may widen its read-write gap by.
     */
    record StockContext(JdbcTemplate jdbc, TransactionTemplate tx, StockTables tables, ObjectMapper json, int limit,
                        int redisPort, String kafka, Map<String, Long> initial, Safeguards safeguards, RaceWindow race,
                        SiteLease lease, long redisWaitMs) {
    }

    /** The safeguards each strategy can be run without (a test keeps the mutants of StockMechanism among them). */
    static final Map<String, Set<String>> SAFEGUARDS = Map.of(
            "db-pessimistic", Set.of(PessimisticStock.FOR_UPDATE),
            "db-optimistic", Set.of(OptimisticStock.STOCK_PREDICATE),
            "redis-lua", Set.of(StockScripts.STOCK_CHECK, StockScripts.USER_LIMIT),
            "redis-mq", Set.of(StockScripts.STOCK_CHECK, StockScripts.USER_LIMIT));

    /** Builds the stock service of one strategy. */
    interface StockFactory {
        StockService create(StockContext c);
    }

    /** The strategies this service implements, by the names {@link StockMechanism} lists (a test keeps them in step). */
    static final Map<String, StockFactory> STRATEGIES = Map.of(
            "naive", c -> new StockService(new NaiveStock(c.jdbc(), c.tables(), c.tx(), c.limit(), c.race()), c.initial()),
            "db-pessimistic", c -> new StockService(new PessimisticStock(c.jdbc(), c.tables(), c.tx(), c.limit(), c.race(),
                    c.safeguards()), c.initial()),
            "db-optimistic", c -> new StockService(new OptimisticStock(c.jdbc(), c.tables(), c.tx(), c.limit(), c.race(),
                    c.safeguards()), c.initial()),
            "redis-lua", c -> redisLua(c, false),
            "redis-mq", c -> redisLua(c, true));

    /**
     * The Redis strategies: the stock script in Redis, its changes to the DB through the stock queue. With
     * {@code orderQueue} (redis-mq) the order service takes the units itself, and the worker applies the
     * order queue's placements and releases as well.
     */
    private static StockService redisLua(StockContext c, boolean orderQueue) {
        JdbcTemplate jdbc = c.jdbc();
        TransactionTemplate tx = c.tx();
        StockTables tables = c.tables();
        ObjectMapper json = c.json();
        int redisPort = c.redisPort();
        String kafka = c.kafka();
        Map<String, Long> initial = c.initial();
        if (redisPort < 0 || kafka.isBlank()) {
            throw new IllegalStateException((orderQueue ? "redis-mq" : "redis-lua") + " needs " + REDIS_PORT + " and " + KAFKA_BOOTSTRAP);
        }
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redisPort)
                .withTimeout(Duration.ofSeconds(2)).build()); // fail fast: a dead Redis must not hold request threads
        StatefulRedisConnection<String, String> conn = client.connect();
        initial.forEach((sku, qty) -> conn.sync().setnx(RedisLuaStock.stockKey(sku), String.valueOf(qty)));
        Producer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                new StringSerializer(), new StringSerializer());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "stock-worker",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                // The batch window: the broker holds a fetch until this much data or this much time, so one
                // DB transaction (one stock-row write per SKU) applies every change of a window.
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, BATCH_WINDOW_MS),
                new StringDeserializer(), new StringDeserializer());
        StockWorker worker = new StockWorker(consumer, jdbc, tx, tables, json, c.lease(), orderQueue);
        worker.start();
        // Semi-sync: each request thread deducts and WAITs on its own connection (WAIT holds the one it is sent on).
        java.util.List<StatefulRedisConnection<String, String>> own = new java.util.concurrent.CopyOnWriteArrayList<>();
        ThreadLocal<io.lettuce.core.api.sync.RedisCommands<String, String>> perThread = ThreadLocal.withInitial(() -> {
            StatefulRedisConnection<String, String> connection = client.connect();
            own.add(connection);
            return connection.sync();
        });
        RedisLuaStock strategy = new RedisLuaStock(conn.sync(), producer, json, c.limit(), worker, c.safeguards(),
                c.redisWaitMs(), perThread::get);
        return new StockService(strategy, initial, () -> {
            worker.close();
            producer.close(Duration.ofSeconds(2));
            own.forEach(StatefulRedisConnection::close);
            conn.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        });
    }
}
