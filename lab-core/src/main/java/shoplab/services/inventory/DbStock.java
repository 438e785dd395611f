package shoplab.services.inventory;

import shoplab.services.common.RaceWindow;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the three DB strategies share: their DB handles, the per-user limit, and the release of a held
 * purchase (idempotent: the purchase row is claimed HELD -> RELEASED before its units go back; an order
 * released before its deduction gets a RELEASED row of 0 units, whose key refuses the late deduction).
 * They differ only in how they deduct.
 */
abstract class DbStock implements StockStrategy {

    protected final JdbcTemplate jdbc;
    protected final StockTables tables;
    protected final TransactionTemplate tx;
    protected final int perUserLimit;
    /** Widens the gap between a read and its write, where a strategy has one (naive, the mutants). */
    protected final RaceWindow race;

    DbStock(JdbcTemplate jdbc, StockTables tables, TransactionTemplate tx, int perUserLimit, RaceWindow race) {
        this.jdbc = jdbc;
        this.tables = tables;
        this.tx = tx;
        this.perUserLimit = perUserLimit;
        this.race = race;
    }

    @Override
    public boolean release(String orderId, String sku) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            int qty = tables.claimRelease(orderId, sku);
            if (qty > 0) {
                tables.addStock(sku, qty);
            } else {
                tables.closeUnknown(orderId, sku); // released before any deduction: none may come after
            }
            return qty > 0;
        }));
    }
}
