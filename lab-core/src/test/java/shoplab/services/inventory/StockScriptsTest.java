package shoplab.services.inventory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.stack.store.RedisNode;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The stock scripts on a real redis-server: an order id is deducted at most once, ever, and never after its release. */
class StockScriptsTest {

    @Test
    void anOrderIsDeductedAtMostOnceAndNeverAfterItsRelease(@TempDir Path dir) throws Exception {
        RedisNode node = new RedisNode("redis", dir);
        node.start();
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + node.port());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            redis.set("stock:sku-1", "5");
            assertThat(deduct(redis, "o-1", "u-1")).as("stock left").isEqualTo(4);
            assertThat(deduct(redis, "o-1", "u-2")).as("the same order again").isEqualTo(-3);
            assertThat(release(redis, "o-1")).isEqualTo(1);
            assertThat(release(redis, "o-1")).as("released, its change not confirmed on the queue: said again, no unit").isEqualTo(-1);
            redis.hset("held:sku-1", "o-1", "0"); // the publication confirmed
            assertThat(release(redis, "o-1")).as("released once").isZero();
            assertThat(deduct(redis, "o-1", "u-3")).as("a released order").isEqualTo(-3);
            assertThat(release(redis, "o-2")).as("an order never deducted").isZero();
            assertThat(deduct(redis, "o-2", "u-4")).as("its deduction arriving late").isEqualTo(-3);
            assertThat(redis.get("stock:sku-1")).isEqualTo("5");
        } finally {
            client.shutdown();
            node.stop();
        }
    }

    private static long deduct(RedisCommands<String, String> redis, String order, String user) {
        return redis.eval(StockScripts.DEDUCT_LUA, ScriptOutputType.INTEGER, StockScripts.deductKeys("sku-1"), user, "1", order, "1");
    }

    private static long release(RedisCommands<String, String> redis, String order) {
        return redis.eval(StockScripts.RELEASE_LUA, ScriptOutputType.INTEGER, StockScripts.releaseKeys("sku-1"), order);
    }
}
