package shoplab.run;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import shoplab.services.inventory.StockScripts;
import shoplab.stack.Folders;
import shoplab.stack.store.RedisNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stock script alone: EVALSHA of the deduction against a real redis-server, from several threads
 * sharing one connection (as the inventory service does), with no link latency. The ceiling of the
 * redis-lua strategy before any HTTP is involved.
 */
public final class RedisScriptBenchmark {

    private RedisScriptBenchmark() {
    }

    /** Successful deductions per second over {@code duration}. */
    public static double run(int threads, Duration duration) throws Exception {
        Path work = Files.createTempDirectory("shoplab-");
        RedisNode node = new RedisNode("bench-redis", work);
        try {
            node.start();
            RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", node.port()));
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                RedisCommands<String, String> redis = conn.sync();
                String[] keys = StockScripts.deductKeys("bench");
                redis.set(keys[0], String.valueOf(Long.MAX_VALUE / 2));
                String sha = redis.scriptLoad(StockScripts.DEDUCT_LUA);
                AtomicLong done = new AtomicLong();
                long deadline = System.nanoTime() + duration.toNanos();
                List<Thread> workers = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    Thread w = new Thread(() -> {
                        long n = 0;
                        while (System.nanoTime() < deadline) {
                            String user = "u-" + id + "-" + n++;
                            if (redis.evalsha(sha, ScriptOutputType.INTEGER, keys, user, "1", "o-" + user, "1") instanceof Long r
                                    && r >= 0) {
                                done.incrementAndGet();
                            }
                        }
                    }, "redis-bench-" + t);
                    w.setDaemon(true);
                    w.start();
                    workers.add(w);
                }
                for (Thread w : workers) {
                    w.join(duration.toMillis() + 30_000);
                }
                return done.get() / ((System.nanoTime() - start) / 1e9);
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        } finally {
            node.stop();
            Folders.deleteTree(work);
        }
    }
}
