package shoplab.services.product.catalog;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
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
 * {@code <version>|<json>} so a script can compare versions without parsing JSON ({@link #setIfNewer}), or
 * {@code 0|absent} for a product known not to exist (the protection against penetration). Redis away (killed,
 * restarting) fails a command at once rather than queueing it, and for {@link #RETRY_AFTER_MS} after a failure the
 * copies are not asked at all: a read goes to the database behind its limit instead of waiting on a dead socket.
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
    private final LongAdder failures = new LongAdder();
    private volatile long downUntil;

    static final long RETRY_AFTER_MS = 1000;
    private static final String ABSENT = "0|absent";

    /** A copy: the product's view, or (view null) the mark that it does not exist. */
    record Copy(ProductView view) {
        boolean absent() {
            return view == null;
        }
    }

    RedisCopies(int port, ObjectMapper json) {
        this.json = json;
        this.client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withTimeout(Duration.ofMillis(500)).build());
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        this.connection = client.connect();
        this.redis = connection.sync();
    }

    /** Whether Redis is asked now: not for {@link #RETRY_AFTER_MS} after it failed. */
    boolean available() {
        return System.currentTimeMillis() >= downUntil;
    }

    /** Runs a command; a failure marks Redis away for a while and is thrown on. */
    private <T> T call(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            failures.increment();
            downUntil = System.currentTimeMillis() + RETRY_AFTER_MS;
            throw e;
        }
    }

    /** The copy, or empty: none, or Redis away (then the caller goes to the database). */
    Optional<Copy> get(String sku) {
        if (!available()) {
            return Optional.empty();
        }
        String v;
        try {
            v = call(() -> redis.get(PREFIX + sku));
        } catch (RedisException e) {
            return Optional.empty();
        }
        if (v == null) {
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(new Copy(v.equals(ABSENT) ? null : decode(v)));
    }

    /** Marks the product as not existing for {@code ttlMs}: the next asks for it stop here. */
    void setAbsent(String sku, long ttlMs) {
        call(() -> redis.set(PREFIX + sku, ABSENT, SetArgs.Builder.px(ttlMs)));
    }

    /** Deletes every copy at once (the avalanche: as if they all expired together); returns how many. */
    long deleteAll() {
        return call(() -> {
            long n = 0;
            io.lettuce.core.ScanArgs match = io.lettuce.core.ScanArgs.Builder.matches(PREFIX + "*").limit(1000);
            io.lettuce.core.KeyScanCursor<String> cursor = redis.scan(match);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    n += redis.del(cursor.getKeys().toArray(String[]::new));
                }
                if (cursor.isFinished()) {
                    return n;
                }
                cursor = redis.scan(cursor, match);
            }
        });
    }

    long failures() {
        return failures.sum();
    }

    /** Puts the view, whatever is there; {@code ttlMs} 0 keeps it until deleted. */
    void set(ProductView view, long ttlMs) {
        SetArgs args = ttlMs > 0 ? SetArgs.Builder.px(ttlMs) : new SetArgs();
        call(() -> redis.set(PREFIX + view.sku(), encode(view), args));
    }

    /** Puts the view unless Redis holds the same version or a newer one: what a late fill or message cannot undo. */
    boolean setIfNewer(ProductView view, long ttlMs) {
        Long done = call(() -> redis.eval(SET_IF_NEWER, ScriptOutputType.INTEGER, new String[]{PREFIX + view.sku()},
                Long.toString(view.version()), encode(view), Long.toString(ttlMs)));
        return done != null && done == 1;
    }

    void delete(String sku) {
        call(() -> redis.del(PREFIX + sku));
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
            if (kv.hasValue() && !kv.getValue().equals(ABSENT)) {
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
