package shoplab.services.inventory;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.Migrations;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's effect is exactly once: a batch replayed after a crash moves no stock a second time. */
class StockWorkerTest {

    @Test
    void aReplayedBatchChangesNothing() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:worker;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        Migrations.migrate(ds, "db/inventory");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.update("INSERT INTO stock (sku, qty, initial) VALUES ('sku-1', 10, 10)");
        StockRowWrites writes = new StockRowWrites();
        StockWorker worker = new StockWorker(new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()), jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(ds)), new StockTables(jdbc, writes),
                JsonMapper.builder().build(), new shoplab.services.common.SiteLease(null, "dc1"));

        List<StockChange> batch = List.of(
                new StockChange(StockChange.DEDUCT, "o-1", "sku-1", "u-1", 1),
                new StockChange(StockChange.DEDUCT, "o-2", "sku-1", "u-2", 2),
                new StockChange(StockChange.RELEASE, "o-1", "sku-1", "", 1));
        worker.apply(batch);
        assertThat(jdbc.queryForObject("SELECT qty FROM stock WHERE sku = 'sku-1'", Long.class)).isEqualTo(8);
        assertThat(writes.get()).as("one stock-row write for the whole batch").isEqualTo(1);

        worker.apply(batch); // the same records again, as after a crash before the offset commit
        assertThat(jdbc.queryForObject("SELECT qty FROM stock WHERE sku = 'sku-1'", Long.class)).isEqualTo(8);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM purchase", Long.class)).isEqualTo(2);
    }

    /**
     * Seen under CI load on the queued path: an order's release reached the worker before its deduction (the
     * deduction's send failed and came again 10 s later). The release closes the order; the late deduction takes
     * nothing, as Redis already gave the unit back.
     */
    @Test
    void aReleaseBeforeItsDeductionClosesTheOrder() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:worker-late;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        Migrations.migrate(ds, "db/inventory");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.update("INSERT INTO stock (sku, qty, initial) VALUES ('sku-1', 10, 10)");
        StockWorker worker = new StockWorker(new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()), jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(ds)), new StockTables(jdbc, new StockRowWrites()),
                JsonMapper.builder().build(), new shoplab.services.common.SiteLease(null, "dc1"));

        worker.apply(List.of(new StockChange(StockChange.RELEASE, "o-9", "sku-1", "", 1)));
        worker.apply(List.of(new StockChange(StockChange.DEDUCT, "o-9", "sku-1", "u-9", 1)));

        assertThat(jdbc.queryForObject("SELECT qty FROM stock WHERE sku = 'sku-1'", Long.class)).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT status FROM purchase WHERE order_id = 'o-9'", String.class)).isEqualTo("RELEASED");
    }
}
