package shoplab.ui.model;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import shoplab.topology.Component;
import shoplab.topology.Placed;

/** One component of the topology as the topology view draws it: its live health and key figure. */
public final class NodeStatus {

    private final Placed placed;
    private final ObjectProperty<Health> health = new SimpleObjectProperty<>(Health.IDLE);
    private final StringProperty figure = new SimpleStringProperty("");

    NodeStatus(Placed placed) {
        this.placed = placed;
    }

    /** The id the lab calls it by: {@code redis}, or {@code dc-b/redis} where another data center has one. */
    public String name() {
        return placed.id();
    }

    public Component component() {
        return placed.component();
    }

    public String dataCenter() {
        return placed.dc();
    }

    public ObjectProperty<Health> healthProperty() {
        return health;
    }

    /** requests/s, stock, queue lag...: the one number that says most about this kind of component. */
    public StringProperty figureProperty() {
        return figure;
    }
}
