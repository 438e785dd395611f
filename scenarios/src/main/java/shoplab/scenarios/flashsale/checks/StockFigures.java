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

    private StockFigures() {
    }
}
