package shoplab.services.inventory;

import shoplab.services.common.RaceWindow;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read, check in Java, write back the computed value, each statement on its own: deliberately unsafe.
 * Two buyers that read the same stock both write "stock - 1", and one unit is sold twice.
 */
final class NaiveStock extends DbStock {

    NaiveStock(JdbcTemplate jdbc, StockTables tables, TransactionTemplate tx, int perUserLimit, RaceWindow race) {
        super(jdbc, tables, tx, perUserLimit, race);
    }

    @Override
    public Deduction deduct(String orderId, String user, String sku, int qty) {
        Integer bought = jdbc.query("SELECT bought FROM user_quota WHERE sku = ? AND user_id = ?",
                rs -> rs.next() ? rs.getInt(1) : 0, sku, user);
        if (bought + qty > perUserLimit) {
            return Deduction.LIMIT_REACHED;
        }
        long stock = jdbc.queryForObject("SELECT qty FROM stock WHERE sku = ?", Long.class, sku);
        if (stock < qty) {
            return Deduction.SOLD_OUT;
        }
        race.between(sku);
        tables.writeStock("UPDATE stock SET qty = ? WHERE sku = ?", stock - qty, sku);
        tables.ensureQuota(user, sku);
        jdbc.update("UPDATE user_quota SET bought = ? WHERE sku = ? AND user_id = ?", bought + qty, sku, user);
        tables.recordPurchase(orderId, user, sku, qty);
        return Deduction.OK;
    }

    @Override
    public boolean unsafe() {
        return true;
    }
}
