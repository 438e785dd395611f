package shoplab.scenarios.flashsale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import shoplab.cli.ShopLabCli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A strategy chosen on the command line that needs a store the topology lacks is a usage error, before any boot. */
class StrategyNeedsTest {

    @Test
    void redisLuaOnATopologyWithoutRedisExitsOne(@TempDir Path dir) throws Exception {
        Path topology = dir.resolve("db-only.yaml");
        Files.writeString(topology, """
                name: db-only
                dataCenters:
                  - name: dc1
                    role: production
                    components:
                      - { name: cdn, kind: cdn, origin: static, upstream: lvs }
                      - { name: static, kind: static-site }
                      - { name: lvs, kind: lvs, upstream: proxy }
                      - { name: proxy, kind: reverse-proxy, routes: { /api/orders: order, /api/stock: inventory } }
                      - { name: order, kind: order-service }
                      - { name: inventory, kind: inventory-service }
                      - { name: db, kind: database }
                strategies:
                  stock: db-optimistic
                """);
        StringWriter err = new StringWriter();
        CommandLine cl = ShopLabCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int code = cl.execute("run", "flash-sale", "--topology", topology.toString(), "--strategy", "redis-lua",
                "--out", dir.resolve("bundle").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("with stock strategy redis-lua, the inventory-service 'inventory' calls a redis"
                + " (stock: redis-lua) and dc1 has none");
        assertThat(dir.resolve("bundle")).as("refused before anything ran").doesNotExist();
    }
}
