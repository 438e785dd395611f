package shoplab.services.inventory;

/** The answer to a stock deduction. */
public enum Deduction {
    OK, SOLD_OUT, LIMIT_REACHED
}
