package shoplab.ui.model;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One data center as the topology view draws it: its live health and what it is doing (users here, standby). */
public final class DataCenterStatus {

    private final String name;
    private final ObjectProperty<Health> health = new SimpleObjectProperty<>(Health.IDLE);
    private final StringProperty state = new SimpleStringProperty("");

    DataCenterStatus(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public ObjectProperty<Health> healthProperty() {
        return health;
    }

    /** "users here", "standby", "isolated", "cut from dc-b"...; empty while nothing runs. */
    public StringProperty stateProperty() {
        return state;
    }
}
