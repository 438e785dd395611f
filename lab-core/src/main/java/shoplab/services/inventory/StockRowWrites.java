package shoplab.services.inventory;

import java.util.concurrent.atomic.AtomicLong;

/** Counts writes to stock rows, the figure that shows whether a strategy keeps load off the DB. */
public final class StockRowWrites {

    private final AtomicLong count = new AtomicLong();

    public void add(long rows) {
        count.addAndGet(rows);
    }

    public long get() {
        return count.get();
    }
}
