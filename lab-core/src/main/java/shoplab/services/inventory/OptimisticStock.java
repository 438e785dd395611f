package shoplab.services.inventory;

import shoplab.services.common.RaceWindow;
import shoplab.services.common.Safeguards;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Conditional UPDATEs decide: {@code UPDATE stock SET qty = qty - n WHERE qty >= n}; zero affected rows
 * means sold out. No read-then-write window, and the row lock is held for one statement plus commit.
 */
final class OptimisticStock extends DbStock {

    /** The safeguard: the decrement applies only while the stock covers it. */
    static final String STOCK_PREDICATE = "stock-predicate";

    private final boolean stockPredicate;

    OptimisticStock(JdbcTemplate jdbc, StockTables tables, TransactionTemplate tx, int perUserLimit, RaceWindow race,
                    Safeguards safeguards) {
        super(jdbc, tables, tx, perUserLimit, race);
        this.stockPredicate = safeguards.on(STOCK_PREDICATE);
    }

    @Override
    public Deduction deduct(String orderId, String user, String sku, int qty) {
        tables.ensureQuota(user, sku);
        return tx.execute(status -> {
            int quota = jdbc.update("UPDATE user_quota SET bought = bought + ? WHERE sku = ? AND user_id = ? AND bought + ? <= ?",
                    qty, sku, user, qty, perUserLimit);
            if (quota == 0) {
                status.setRollbackOnly();
                return Deduction.LIMIT_REACHED;
            }
            int rows = stockPredicate
                    ? tables.writeStock("UPDATE stock SET qty = qty - ? WHERE sku = ? AND qty >= ?", qty, sku, qty)
                    : tables.writeStock("UPDATE stock SET qty = qty - ? WHERE sku = ?", qty, sku);
            if (rows == 0) {
                status.setRollbackOnly();
                return Deduction.SOLD_OUT;
            }
            tables.recordPurchase(orderId, user, sku, qty);
            return Deduction.OK;
        });
    }
}
