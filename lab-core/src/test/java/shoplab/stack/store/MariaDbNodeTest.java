package shoplab.stack.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import shoplab.services.common.Migrations;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real mariadbd on loopback: every service's migrations apply to it unchanged (the same Flyway scripts
 * as on H2), a restart keeps the data on the same port, and a stop leaves no process and no port behind.
 */
class MariaDbNodeTest {

    private static JdbcTemplate jdbc(MariaDbNode node, String database) {
        return new JdbcTemplate(new DriverManagerDataSource(node.jdbcUrl(node.port(), database), node.user(), node.password()));
    }

    @Test
    void everyServicesSchemaMigratesAndSurvivesARestart(@TempDir Path dir) throws Exception {
        MariaDbNode node = new MariaDbNode("db", dir.resolve("db"));
        try {
            node.start();
            assertThat(node.isUp()).isTrue();
            for (String schema : new String[] {"inventory", "order", "trade", "coupon", "payment"}) {
                node.createDatabase(schema);
                Migrations.migrate(new DriverManagerDataSource(node.jdbcUrl(node.port(), schema), node.user(), node.password()), "db/" + schema);
            }
            jdbc(node, "inventory").update("INSERT INTO stock (sku, qty, initial) VALUES ('sku-1', 5, 5)");
            int port = node.port();

            node.stop();
            assertThat(node.isUp()).isFalse();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).as("the port is released");

            node.start();
            assertThat(node.port()).isEqualTo(port);
            assertThat(jdbc(node, "inventory").queryForObject("SELECT qty FROM stock WHERE sku = 'sku-1'", Long.class))
                    .as("a restarted server keeps its data").isEqualTo(5);
        } finally {
            node.stop();
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dir.toString())))
                .as("no mariadbd left").isEmpty();
    }
}
