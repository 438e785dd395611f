package shoplab.services.product.catalog;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The distributed cache: each product's view in Redis under {@code product:<sku>}, stored as
 * {@code <version>|<json>} so a script can compare versions without parsing JSON ({@link #setIfNewer}).
 */
final class RedisCopies implements AutoCloseable {

    static final String PREFIX = "product:";
    /** Where the change stream keeps how far it has applied the change log: it resumes there after a restart. */
    static final String STREAM_OFFSET = "product-stream:offset";

    /** KEYS[1] the product; ARGV[1] its version, ARGV[2] the value, ARGV[3] the TTL in ms (0: none). */
    private static final String SET_IF_NEWER = "local cur = redis.call('GET', KEYS[1]) "
            + "if cur then local v = tonumber(string.match(cur, '^(%d+)|')) if v and v >= tonumber(ARGV[1]) then return 0 end end "
            + "if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else redis.call('SET', KEYS[1], ARGV[2]) end "
            + "return 1";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final ObjectMapper json;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    RedisCopies(int port, ObjectMapper json) {
        this.json = json;
        this.client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withTimeout(Duration.ofSeconds(2)).build());
        this.connection = client.connect();
        this.redis = connection.sync();
    }

    Optional<ProductView> get(String sku) {
        String v = redis.get(PREFIX + sku);
        if (v == null) {
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(decode(v));
    }

    /** Puts the view, whatever is there; {@code ttlMs} 0 keeps it until deleted. */
    void set(ProductView view, long ttlMs) {
        SetArgs args = ttlMs > 0 ? SetArgs.Builder.px(ttlMs) : new SetArgs();
        redis.set(PREFIX + view.sku(), encode(view), args);
    }

    /** Puts the view unless Redis holds the same version or a newer one: what a late fill or message cannot undo. */
    boolean setIfNewer(ProductView view, long ttlMs) {
        Long done = redis.eval(SET_IF_NEWER, ScriptOutputType.INTEGER, new String[]{PREFIX + view.sku()},
                Long.toString(view.version()), encode(view), Long.toString(ttlMs));
        return done != null && done == 1;
    }

    void delete(String sku) {
        redis.del(PREFIX + sku);
    }

    long streamOffset() {
        String v = redis.get(STREAM_OFFSET);
        return v == null ? -1 : Long.parseLong(v);
    }

    void streamOffset(long id) {
        redis.set(STREAM_OFFSET, Long.toString(id));
    }

    /** Every product Redis holds now, read with one MGET (one instant: the lab's snapshot at quiescence). */
    Map<String, ProductView> all(List<String> skus) {
        Map<String, ProductView> out = new java.util.LinkedHashMap<>();
        if (skus.isEmpty()) {
            return out;
        }
        List<String> keys = new ArrayList<>();
        skus.forEach(s -> keys.add(PREFIX + s));
        redis.mget(keys.toArray(String[]::new)).forEach(kv -> {
            if (kv.hasValue()) {
                out.put(kv.getKey().substring(PREFIX.length()), decode(kv.getValue()));
            }
        });
        return out;
    }

    /** The entry's time to live, ms: -1 none (it stays until deleted), -2 no entry. */
    long pttl(String sku) {
        return redis.pttl(PREFIX + sku);
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    private String encode(ProductView v) {
        return v.version() + "|" + json.writeValueAsString(v);
    }

    private ProductView decode(String stored) {
        return json.readValue(stored.substring(stored.indexOf('|') + 1), ProductView.class);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
