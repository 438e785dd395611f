package shoplab.ui.model;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import shoplab.topology.Link;

/** A declared link of the topology: its latency, and whether a fault slowed or cut it. */
public final class LinkStatus {

    private final Link link;
    private final ObjectProperty<Health> health = new SimpleObjectProperty<>(Health.IDLE);
    private final StringProperty label = new SimpleStringProperty();

    LinkStatus(Link link) {
        this.link = link;
    }

    public Link link() {
        return link;
    }

    /** The topology name, {@code from->to}. */
    public String name() {
        return link.name();
    }

    public ObjectProperty<Health> healthProperty() {
        return health;
    }

    public StringProperty labelProperty() {
        return label;
    }
}
