package shoplab.ui.model;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import shoplab.topology.Placed;
import shoplab.topology.Topology;
import shoplab.topology.TopologyException;
import shoplab.topology.TopologyFile;
import shoplab.topology.Wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The topology the console boots: the files offered from {@code topologies/}, the one loaded, its nodes
 * and links as the topology view draws them, and the loader's error when a file is malformed (the last
 * good topology stays loaded, so the console stays usable).
 */
public final class TopologyModel {

    private final ObservableList<Path> files = FXCollections.observableArrayList();
    private final ObjectProperty<TopologyFile> loaded = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<NodeStatus> nodes = FXCollections.observableArrayList();
    private final ObservableList<LinkStatus> links = FXCollections.observableArrayList();
    private final ObservableList<DataCenterStatus> dataCenters = FXCollections.observableArrayList();

    /** Lists the {@code *.yaml} files of a folder and loads the first (single-dc first when present). */
    public void scan(Path folder) {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> s = Files.list(folder)) {
                s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                        .forEach(found::add);
            } catch (IOException e) {
                error.set(folder + ": cannot list: " + e.getMessage());
            }
        }
        found.sort((a, b) -> Boolean.compare(!a.getFileName().toString().startsWith("single-dc"),
                !b.getFileName().toString().startsWith("single-dc")));
        files.setAll(found);
        if (!found.isEmpty() && loaded.get() == null) {
            open(found.get(0));
        }
    }

    /** Loads a topology file; on any problem keeps the current one and says what is wrong, file:line: field. */
    public boolean open(Path file) {
        TopologyFile read;
        try {
            read = TopologyFile.read(file);
        } catch (TopologyException e) {
            error.set(e.getMessage());
            return false;
        }
        Topology t = read.topology();
        if (!files.contains(file)) {
            files.add(file);
        }
        error.set("");
        List<NodeStatus> n = new ArrayList<>();
        for (Placed p : t.placed()) {
            n.add(new NodeStatus(p));
        }
        List<LinkStatus> l = new ArrayList<>();
        for (Wiring.Connection c : Wiring.declaredConnections(t)) {
            l.add(new LinkStatus(c));
        }
        nodes.setAll(n);
        links.setAll(l);
        dataCenters.setAll(t.dataCenters().stream().map(dc -> new DataCenterStatus(dc.name())).toList());
        apply(HealthSnapshot.idle(t));
        loaded.set(read);
        return true;
    }

    public ObservableList<Path> files() {
        return files;
    }

    public ReadOnlyObjectProperty<TopologyFile> loadedProperty() {
        return loaded;
    }

    public TopologyFile loaded() {
        return loaded.get();
    }

    /** The loader's last error (file:line: path: what), or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableList<NodeStatus> nodes() {
        return nodes;
    }

    public ObservableList<LinkStatus> links() {
        return links;
    }

    public DataCenterStatus dataCenter(String name) {
        return dataCenters.stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    public NodeStatus node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
    }

    /** Shows a health snapshot (UI thread); names it does not know are left as they are. */
    void apply(HealthSnapshot s) {
        for (NodeStatus n : nodes) {
            HealthSnapshot.View v = s.nodes().get(n.name());
            if (v != null) {
                n.healthProperty().set(v.health());
                n.figureProperty().set(v.text());
            }
        }
        for (LinkStatus l : links) {
            HealthSnapshot.View v = s.links().get(l.name());
            if (v != null) {
                l.healthProperty().set(v.health());
                l.labelProperty().set(v.text());
            }
        }
        for (DataCenterStatus d : dataCenters) {
            HealthSnapshot.View v = s.dataCenters().get(d.name());
            if (v != null) {
                d.healthProperty().set(v.health());
                d.stateProperty().set(v.text());
            }
        }
    }

    /** Every node and link back to idle (no stack runs). */
    void idle() {
        TopologyFile l = loaded.get();
        if (l != null) {
            apply(HealthSnapshot.idle(l.topology()));
        }
    }
}
