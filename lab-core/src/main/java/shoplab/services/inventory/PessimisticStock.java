package shoplab.services.inventory;

import shoplab.services.common.RaceWindow;
import shoplab.services.common.Safeguards;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SELECT ... FOR UPDATE on the stock row, check, update, commit: correct, and every buyer of the SKU
 * waits in line for the one row lock, for as long as the transaction's round trips to the DB take.
 */
final class PessimisticStock extends DbStock {

    /** The safeguard: the stock row stays locked from the check to the write. */
    static final String FOR_UPDATE = "for-update";

    private final boolean forUpdate;

    PessimisticStock(JdbcTemplate jdbc, StockTables tables, TransactionTemplate tx, int perUserLimit, RaceWindow race,
                     Safeguards safeguards) {
        super(jdbc, tables, tx, perUserLimit, race);
        this.forUpdate = safeguards.on(FOR_UPDATE);
    }

    @Override
    public Deduction deduct(String orderId, String user, String sku, int qty) {
        tables.ensureQuota(user, sku);
        return tx.execute(status -> {
            long stock = jdbc.queryForObject("SELECT qty FROM stock WHERE sku = ?" + (forUpdate ? " FOR UPDATE" : ""),
                    Long.class, sku);
            if (stock < qty) {
                return Deduction.SOLD_OUT;
            }
            if (!forUpdate) {
                race.between(sku); // nothing holds a rival between this check and the write
            }
            int bought = jdbc.queryForObject(
                    "SELECT bought FROM user_quota WHERE sku = ? AND user_id = ? FOR UPDATE", Integer.class, sku, user);
            if (bought + qty > perUserLimit) {
                return Deduction.LIMIT_REACHED;
            }
            tables.addStock(sku, -qty);
            jdbc.update("UPDATE user_quota SET bought = bought + ? WHERE sku = ? AND user_id = ?", qty, sku, user);
            tables.recordPurchase(orderId, user, sku, qty);
            return Deduction.OK;
        });
    }
}
