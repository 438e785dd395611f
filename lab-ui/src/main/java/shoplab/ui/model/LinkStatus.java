package shoplab.ui.model;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import shoplab.topology.Link;
import shoplab.topology.Wiring;

/** A connection a declared link carries: its latency, and whether a fault slowed or cut it. */
public final class LinkStatus {

    private final Wiring.Connection connection;
    private final ObjectProperty<Health> health = new SimpleObjectProperty<>(Health.IDLE);
    private final StringProperty label = new SimpleStringProperty();

    LinkStatus(Wiring.Connection connection) {
        this.connection = connection;
    }

    public Link link() {
        return connection.link();
    }

    public Wiring.Connection connection() {
        return connection;
    }

    /** {@code from->to} by the ends' ids: {@code inventory->db}, {@code dc-b/inventory->dc-b/db}. */
    public String name() {
        return connection.name();
    }

    /** The caller's and the callee's ids. */
    public String from() {
        return connection.from().id();
    }

    public String to() {
        return connection.to().id();
    }

    public ObjectProperty<Health> healthProperty() {
        return health;
    }

    public StringProperty labelProperty() {
        return label;
    }
}
