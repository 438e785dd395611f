package shoplab.services.inventory;

import java.util.Map;

/** The chosen strategy plus what the service needs around it: the SKUs it sells and how to shut down. */
public final class StockService implements AutoCloseable {

    private final StockStrategy strategy;
    private final Map<String, Long> initial;
    private final Runnable onClose;

    StockService(StockStrategy strategy, Map<String, Long> initial) {
        this(strategy, initial, () -> { });
    }

    StockService(StockStrategy strategy, Map<String, Long> initial, Runnable onClose) {
        this.strategy = strategy;
        this.initial = Map.copyOf(initial);
        this.onClose = onClose;
    }

    StockStrategy strategy() {
        return strategy;
    }

    boolean sells(String sku) {
        return initial.containsKey(sku);
    }

    Map<String, Long> initial() {
        return initial;
    }

    @Override
    public void close() {
        onClose.run();
    }
}
