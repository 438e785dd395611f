package shoplab.scenarios.flashsale.checks;

/**
 * The names of the flash sale's figures: the keys its checkers put in their verdicts and its scenario
 * reads back into results.json, one constant for both so that neither can drift from the other.
 */
public final class StockFigures {

    /** Units acknowledged beyond the stock (no-oversell). */
    public static final String OVERSOLD = "oversold";
    /** Units a user got beyond the per-user limit (per-user-limit). */
    public static final String UNITS_OVER_LIMIT = "unitsOverLimit";
    /** Units neither in the DB nor sold nor held, or extra (stock-conserved). */
    public static final String MISSING_UNITS = "missingUnits";
    /** Last stock movement to DB stock equal to Redis stock; 0 without Redis, -1 if never (converged). */
    public static final String CONVERGENCE_MS = "convergenceMs";
    /** Stock-row writes in the DB per unit sold, held or released: from the final state, not a checker. */
    public static final String DB_STOCK_WRITES_PER_UNIT = "dbStockWritesPerUnit";

    /** Acknowledged orders in no order table, and rows stored more than once (orders-stored-once). */
    public static final String ORDERS_LOST = "ordersLost";
    public static final String ORDERS_DUPLICATED = "ordersDuplicated";
    /** Acknowledgement to database, over the stored orders (orders-stored-once). */
    public static final String ACK_TO_DB_P50_MS = "ackToDbP50Ms";
    public static final String ACK_TO_DB_P99_MS = "ackToDbP99Ms";
    public static final String ACK_TO_DB_MAX_MS = "ackToDbMaxMs";
    /** Orders in the Redis order buffer; 0 without one (buffer-agrees-with-db). */
    public static final String BUFFERED_ORDERS = "bufferedOrders";
    /** The order table's shards, and the fullest shard's rows over the mean (1: even): from the final state. */
    public static final String ORDER_SHARDS = "orderShards";
    public static final String SHARD_SKEW = "shardSkew";
    /** Rows in shard i of the order table, {@code rowsInShard0}... (orders-stored-once). */
    public static final String ROWS_IN_SHARD = "rowsInShard";

    /** Of the units acknowledged, the share bots bought; buyers a defence turned away on their first try. */
    public static final String BOT_UNIT_SHARE = "botUnitShare";
    public static final String HONEST_REFUSED = "honestRefused";
    /** Reads (page, stock, token) per write (buy, pay) of the load; database statements per buy attempt. */
    public static final String READS_PER_WRITE = "readsPerWrite";
    public static final String DB_QUERIES_PER_BUY = "dbQueriesPerBuy";

    private StockFigures() {
    }
}
