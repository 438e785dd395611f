package shoplab.ui.model;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A strategy of the scenario's mechanism, ticked to take part in the run (several: a comparison). */
public final class StrategyChoice {

    private final String name;
    private final boolean unsafe;
    private final BooleanProperty selected = new SimpleBooleanProperty(true);

    StrategyChoice(String name, boolean unsafe) {
        this.name = name;
        this.unsafe = unsafe;
    }

    public String name() {
        return name;
    }

    /** Unsafe by design: its violations are expected. */
    public boolean unsafe() {
        return unsafe;
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }
}
