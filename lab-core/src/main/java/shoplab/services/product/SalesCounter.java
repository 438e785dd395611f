package shoplab.services.product;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import shoplab.services.common.Retry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The product's trade info, sales: read from Redis ({@code sales:<sku>}), updated asynchronously by the
 * queue as the architecture note has it. A consumer thread reads {@link SaleMessage}s from Kafka and adds
 * each one's units to its SKU, once per message id (a Lua script: mark the id, then INCRBY, atomically),
 * then commits the offsets: delivery is at least once, the count exactly once.
 */
final class SalesCounter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SalesCounter.class);

    static final String KEY_PREFIX = "sales:";
    static final String SEEN_PREFIX = "sale-seen:";
    /** How long a message id is remembered: far longer than any redelivery. */
    static final long SEEN_TTL_SECONDS = 24 * 3600;

    /** KEYS[1] the SKU's sales, KEYS[2] the message id's mark; ARGV[1] units, ARGV[2] the mark's TTL. */
    private static final String COUNT_ONCE = "if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then "
            + "return redis.call('INCRBY', KEYS[1], ARGV[1]) end return -1";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final KafkaConsumer<String, String> consumer;
    private final ObjectMapper json;
    private final Thread thread;
    private final AtomicLong applied = new AtomicLong();
    private volatile long lag = -1;
    private volatile boolean running = true;

    private final shoplab.services.common.SiteLease lease;

    SalesCounter(int redisPort, String kafka, ObjectMapper json, shoplab.services.common.SiteLease lease) {
        this.lease = lease;
        this.json = json;
        this.client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redisPort)
                .withTimeout(Duration.ofSeconds(2)).build());
        this.connection = client.connect();
        this.redis = connection.sync();
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "product-sales",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000),
                new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(this::loop, "product-sales-consumer");
        this.thread.setDaemon(true);
        consumer.subscribe(List.of(SaleMessage.TOPIC));
        thread.start();
    }

    /** Units sold of {@code sku}, as Redis has them. */
    long sales(String sku) {
        String v = redis.get(KEY_PREFIX + sku);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** Messages not yet consumed (-1 before the first poll knew the partitions' ends). */
    long lag() {
        return lag;
    }

    /** Messages applied since this service started (a replay counted once in Redis is still counted here). */
    long applied() {
        return applied.get();
    }

    private void loop() {
        try {
            while (running) {
                if (!lease.writable()) { // fenced or standby: leave the messages in the queue
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                    continue;
                }
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> r : records) {
                    applyWithRetry(r);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync(Duration.ofSeconds(10));
                }
                lag = currentLag();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("sales consumer stopped: {}", e.toString());
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private long currentLag() {
        long total = 0;
        if (consumer.assignment().isEmpty()) {
            return -1;
        }
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isEmpty()) {
                return -1;
            }
            total += l.getAsLong();
        }
        return total;
    }

    /** Redis may be briefly down (a fault): retry the same message, bounded, rather than skip it. */
    private void applyWithRetry(ConsumerRecord<String, String> r) {
        SaleMessage m;
        try {
            m = json.readValue(r.value(), SaleMessage.class);
        } catch (RuntimeException e) {
            LOG.warn("sales message at offset {} is not a sale, skipped: {}", r.offset(), e.toString());
            return;
        }
        if (m.messageId() == null || m.sku() == null || m.units() <= 0) {
            LOG.warn("sales message at offset {} is incomplete, skipped: {}", r.offset(), r.value());
            return;
        }
        SaleMessage sale = m;
        Retry.whileRunning(() -> running, () -> {
            redis.eval(COUNT_ONCE, ScriptOutputType.INTEGER, new String[]{KEY_PREFIX + sale.sku(), SEEN_PREFIX + sale.messageId()},
                    Integer.toString(sale.units()), Long.toString(SEEN_TTL_SECONDS));
            applied.incrementAndGet();
        });
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(3000);
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
