package shoplab.services.inventory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/** The SQL the DB strategies share: the purchase record and the release of a held purchase. */
final class StockTables {

    private final JdbcTemplate jdbc;
    private final StockRowWrites writes;

    StockTables(JdbcTemplate jdbc, StockRowWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    void recordPurchase(String orderId, String user, String sku, int qty) {
        jdbc.update("INSERT INTO purchase (order_id, sku, user_id, qty, status) VALUES (?, ?, ?, ?, 'HELD')",
                orderId, sku, user, qty);
    }

    /** Claims the purchase for release (HELD -> RELEASED) and returns its quantity, or 0 if not held. */
    int claimRelease(String orderId, String sku) {
        List<Integer> qty = jdbc.queryForList(
                "SELECT qty FROM purchase WHERE order_id = ? AND sku = ? AND status = 'HELD'", Integer.class, orderId, sku);
        if (qty.isEmpty()) {
            return 0;
        }
        int claimed = jdbc.update("UPDATE purchase SET status = 'RELEASED' WHERE order_id = ? AND status = 'HELD'", orderId);
        return claimed == 1 ? qty.get(0) : 0;
    }

    /**
     * Closes an order the inventory never deducted: a RELEASED purchase of 0 units, so a deduction of it that
     * arrives late fails on the purchase's key (its transaction rolls back) and sells nothing.
     */
    void closeUnknown(String orderId, String sku) {
        try {
            jdbc.update("INSERT INTO purchase (order_id, sku, user_id, qty, status) SELECT ?, ?, 'closed', 0, 'RELEASED' "
                    + "FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM purchase WHERE order_id = ?)", orderId, sku, orderId);
        } catch (DuplicateKeyException e) {
            // the deduction committed meanwhile: its release is the caller's next try
        }
    }

    void addStock(String sku, long delta) {
        writeStock("UPDATE stock SET qty = qty + ? WHERE sku = ?", delta, sku);
    }

    /** Runs an UPDATE of the stock table and counts the rows it wrote; returns that count. */
    int writeStock(String update, Object... args) {
        int rows = jdbc.update(update, args);
        writes.add(rows);
        return rows;
    }

    /**
     * Inserts the user's quota row if absent. Two first requests of one user (a double click) can both
     * pass the NOT EXISTS; the loser's duplicate key just means the row is there, which is all we need.
     */
    void ensureQuota(String user, String sku) {
        try {
            jdbc.update("INSERT INTO user_quota (sku, user_id, bought) SELECT ?, ?, 0 FROM DUAL "
                    + "WHERE NOT EXISTS (SELECT 1 FROM user_quota WHERE sku = ? AND user_id = ?)", sku, user, sku, user);
        } catch (DuplicateKeyException e) {
            // inserted by the concurrent request
        }
    }
}
