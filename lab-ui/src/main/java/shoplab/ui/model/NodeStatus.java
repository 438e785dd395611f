package shoplab.ui.model;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import shoplab.topology.Component;

/** One component of the topology as the topology view draws it: its live health and key figure. */
public final class NodeStatus {

    private final Component component;
    private final String dataCenter;
    private final ObjectProperty<Health> health = new SimpleObjectProperty<>(Health.IDLE);
    private final StringProperty figure = new SimpleStringProperty("");

    NodeStatus(Component component, String dataCenter) {
        this.component = component;
        this.dataCenter = dataCenter;
    }

    public String name() {
        return component.name();
    }

    public Component component() {
        return component;
    }

    public String dataCenter() {
        return dataCenter;
    }

    public ObjectProperty<Health> healthProperty() {
        return health;
    }

    /** requests/s, stock, queue lag...: the one number that says most about this kind of component. */
    public StringProperty figureProperty() {
        return figure;
    }
}
