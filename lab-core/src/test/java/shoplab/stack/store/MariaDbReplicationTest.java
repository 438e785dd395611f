package shoplab.stack.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two real mariadbd servers, one following the other by GTID: what the primary commits reaches the replica,
 * the replica refuses the services' writes until promoted, and semi-sync falls back to async (counted) when
 * its replica is gone, where a commit waits out the timeout first.
 */
class MariaDbReplicationTest {

    private static JdbcTemplate shop(MariaDbNode node) {
        return new JdbcTemplate(new DriverManagerDataSource(node.jdbcUrl(node.port(), "inventory"), node.user(), node.password()));
    }

    @Test
    void aReplicaFollowsIsReadOnlyAndTakesWritesOncePromoted(@TempDir Path dir) throws Exception {
        MariaDbNode primary = new MariaDbNode("dc-a/db", dir.resolve("a"));
        MariaDbNode replica = new MariaDbNode("dc-b/db", dir.resolve("b"));
        try {
            primary.start();
            replica.start();
            replica.follow(primary.port(), false);
            primary.createDatabase("inventory");
            shop(primary).execute("CREATE TABLE stock (sku VARCHAR(20) PRIMARY KEY, qty BIGINT)");
            shop(primary).update("INSERT INTO stock VALUES ('sku-1', 7)");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(shop(replica).queryForList("SELECT qty FROM stock WHERE sku = 'sku-1'", Long.class)).containsExactly(7L));
            try (Connection a = primary.admin(); Connection b = replica.admin()) {
                assertThat(replica.position(b).applied()).as("applied all the primary wrote")
                        .isEqualTo(primary.position(a).written()).isPositive();
                MariaDbNode.ReplicaState state = replica.replicaState(b);
                assertThat(state.receiving()).isTrue();
                assertThat(state.applying()).isTrue();
                assertThat(state.secondsBehind()).isZero();
            }
            assertThatThrownBy(() -> shop(replica).update("UPDATE stock SET qty = 0"))
                    .as("a replica refuses the services' writes").hasMessageContaining("read-only");

            replica.promote();
            assertThat(shop(replica).update("UPDATE stock SET qty = 6 WHERE sku = 'sku-1'")).isEqualTo(1);
            primary.fence(primary.port());
            assertThatThrownBy(() -> shop(primary).update("UPDATE stock SET qty = 0")).as("a fenced primary")
                    .hasMessageContaining("read-only");
        } finally {
            replica.stop();
            primary.stop();
        }
    }

    @Test
    void semiSyncFallsBackToAsyncWhenItsReplicaIsGoneAndSaysSo(@TempDir Path dir) throws Exception {
        MariaDbNode primary = new MariaDbNode("dc-a/db", dir.resolve("a"));
        MariaDbNode replica = new MariaDbNode("dc-b/db", dir.resolve("b"));
        try {
            primary.start();
            replica.start();
            replica.follow(primary.port(), true);
            primary.leadSemiSync(300);
            primary.createDatabase("inventory");
            shop(primary).execute("CREATE TABLE stock (sku VARCHAR(20) PRIMARY KEY, qty BIGINT)");
            try (Connection a = primary.admin()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> primary.semiSyncState(a).on());
                shop(primary).update("INSERT INTO stock VALUES ('sku-1', 7)");
                MariaDbNode.SemiSyncState acked = primary.semiSyncState(a);
                assertThat(acked.acknowledgedCommits()).isPositive();
                assertThat(acked.fallbacks()).isZero();

                replica.kill();
                long start = System.nanoTime();
                shop(primary).update("UPDATE stock SET qty = 6 WHERE sku = 'sku-1'");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the commit waited for an acknowledgement")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
                MariaDbNode.SemiSyncState fell = primary.semiSyncState(a);
                assertThat(fell.on()).as("fell back to async").isFalse();
                assertThat(fell.fallbacks()).isEqualTo(1);
                assertThat(fell.unacknowledgedCommits()).isPositive();
            }
        } finally {
            replica.stop();
            primary.stop();
        }
    }

    @Test
    void aGtidPositionsDomainZeroSequence() {
        assertThat(MariaDbNode.sequence("0-1-42")).isEqualTo(42);
        assertThat(MariaDbNode.sequence("1-3-7,0-2-9")).isEqualTo(9);
        assertThat(MariaDbNode.sequence("")).isZero();
        assertThat(MariaDbNode.sequence(null)).isZero();
    }
}
