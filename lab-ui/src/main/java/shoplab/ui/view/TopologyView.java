package shoplab.ui.view;

import javafx.beans.property.ObjectProperty;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import shoplab.topology.ComponentKind;
import shoplab.topology.DataCenter;
import shoplab.topology.Placed;
import shoplab.topology.Topology;
import shoplab.topology.TopologyFile;
import shoplab.topology.Wiring;
import shoplab.ui.model.DataCenterStatus;
import shoplab.ui.model.Health;
import shoplab.ui.model.LinkStatus;
import shoplab.ui.model.NodeStatus;
import shoplab.ui.model.RunModel;
import shoplab.ui.model.TopologyModel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topology as a diagram: data centers as regions, components in columns along the request path
 * (edge, LVS, proxies, services, stores), the request flows as dashed lines and the declared links as
 * solid ones with their latency. Each node shows its live health and key figure. Clicking a node offers
 * kill / restart of its parts, clicking a link slow / cut / heal, during a run.
 */
final class TopologyView extends Pane {

    private static final int COLUMNS = 6;
    private static final double NODE_W = 126;
    private static final double NODE_H = 50;
    private static final double COL = 146;
    private static final double ROW = 58;
    private static final double PAD = 12;
    private static final double DC_HEADER = 22;

    private final TopologyModel topology;
    private final RunModel run;
    private final Map<String, VBox> boxes = new HashMap<>();

    TopologyView(TopologyModel topology, RunModel run) {
        this.topology = topology;
        this.run = run;
        getStyleClass().add("diagram");
        setId("topologyView");
        topology.loadedProperty().addListener((o, was, now) -> rebuild());
        rebuild();
    }

    private static int column(ComponentKind kind) {
        return switch (kind) {
            case CDN, STATIC_SITE -> 0;
            case LVS -> 1;
            case REVERSE_PROXY -> 2;
            case ORDER_SERVICE, INVENTORY_SERVICE, TRADE_SERVICE -> 3;
            case PRODUCT_SERVICE, COUPON_SERVICE, PAYMENT_PROVIDER -> 4;
            case REDIS, KAFKA, DATABASE -> 5;
        };
    }

    private void rebuild() {
        getChildren().clear();
        boxes.clear();
        TopologyFile loaded = topology.loaded();
        if (loaded == null) {
            getChildren().add(new Label("No topology loaded."));
            return;
        }
        Topology t = loaded.topology();
        double y = PAD;
        List<Node> nodes = new java.util.ArrayList<>();
        for (DataCenter dc : t.dataCenters()) {
            int[] perColumn = new int[COLUMNS];
            for (shoplab.topology.Component c : dc.components()) {
                perColumn[column(c.kind())]++;
            }
            int rows = java.util.Arrays.stream(perColumn).max().orElse(1);
            double height = DC_HEADER + rows * ROW + PAD;
            Rectangle region = new Rectangle(PAD, y, COLUMNS * COL, height);
            region.getStyleClass().add("dc-region");
            region.setId("region-" + dc.name());
            DataCenterStatus status = topology.dataCenter(dc.name());
            Runnable paint = () -> {
                region.getStyleClass().removeIf(c -> c.startsWith("dc-health-"));
                region.getStyleClass().add("dc-health-" + status.healthProperty().get());
            };
            status.healthProperty().addListener((o, was, now) -> paint.run());
            paint.run();
            Text state = new Text(PAD + COLUMNS * COL - 250, y + 15, "");
            state.getStyleClass().add("dc-state");
            state.setId("dc-state-" + dc.name());
            state.textProperty().bind(status.stateProperty());
            Text label = new Text(PAD + 10, y + 15, dc.name() + "  (" + dc.role() + ")");
            label.getStyleClass().add("dc-label");
            label.setId("dc-" + dc.name());
            Tooltip.install(label, new Tooltip("Click during a run to kill or restart " + dc.name()
                    + " whole, partition it from another data center" + (t.trafficManager() == null ? ""
                    : ", fail it, or switch the traffic to it") + "."));
            ContextMenu dcMenu = new ContextMenu();
            label.setOnMouseClicked(e -> {
                fillDataCenterMenu(dcMenu, dc, t);
                dcMenu.show(label, e.getScreenX(), e.getScreenY());
            });
            getChildren().addAll(region, label, state);
            int[] placed = new int[COLUMNS];
            for (Placed c : t.placed()) {
                if (!c.dataCenter().equals(dc)) {
                    continue;
                }
                int col = column(c.kind());
                double x = PAD + 12 + col * COL;
                double ny = y + DC_HEADER + placed[col]++ * ROW + 4;
                VBox box = nodeBox(topology.node(c.id()));
                box.relocate(x, ny);
                boxes.put(c.id(), box);
                nodes.add(box);
            }
            y += height + PAD;
        }
        Set<String> declared = new HashSet<>();
        for (LinkStatus l : topology.links()) {
            declared.add(l.name());
        }
        for (Placed c : t.placed()) {
            for (Placed to : Wiring.flows(c, t)) {
                if (!declared.contains(c.id() + "->" + to.id()) && boxes.containsKey(to.id())) {
                    getChildren().add(flow(c.id(), to.id()));
                }
            }
        }
        for (LinkStatus l : topology.links()) {
            if (boxes.containsKey(l.from()) && boxes.containsKey(l.to())) {
                getChildren().addAll(link(l));
            }
        }
        getChildren().addAll(nodes);
        setPrefSize(PAD * 2 + COLUMNS * COL, y);
        setMinHeight(y);
    }

    /** A data center's own menu: kill or restart it whole, partition it from another data center or heal that. */
    private void fillDataCenterMenu(ContextMenu menu, DataCenter dc, Topology t) {
        menu.getItems().clear();
        boolean can = run.canInjectFaults();
        MenuItem kill = new MenuItem("Kill " + dc.name() + " (every part of it)");
        kill.setId("kill-dc-" + dc.name());
        kill.setOnAction(e -> run.kill(dc.name()));
        MenuItem restart = new MenuItem("Restart " + dc.name());
        restart.setId("restart-dc-" + dc.name());
        restart.setOnAction(e -> run.restart(dc.name()));
        menu.getItems().addAll(kill, restart);
        if (t.trafficManager() != null && !dc.isExternal()) {
            MenuItem isolate = new MenuItem("Fail " + dc.name() + " (cut it from every site and the traffic manager; its parts live on)");
            isolate.setId("isolate-dc-" + dc.name());
            isolate.setOnAction(e -> run.isolate(dc.name()));
            MenuItem heal = new MenuItem("Heal " + dc.name() + " (end its isolation)");
            heal.setId("heal-dc-" + dc.name());
            heal.setOnAction(e -> run.healDataCenter(dc.name()));
            MenuItem switchTo = new MenuItem("Switch the traffic to " + dc.name());
            switchTo.setId("switch-dc-" + dc.name());
            switchTo.setOnAction(e -> run.switchTo(dc.name()));
            MenuItem rejoin = new MenuItem("Rejoin " + dc.name() + " (a switch left it behind: back as a replica)");
            rejoin.setId("rejoin-dc-" + dc.name());
            rejoin.setOnAction(e -> run.rejoin(dc.name()));
            menu.getItems().addAll(new SeparatorMenuItem(), isolate, heal, switchTo, rejoin);
        }
        for (DataCenter other : t.dataCenters()) {
            if (!other.equals(dc)) {
                MenuItem cut = new MenuItem("Partition from " + other.name());
                cut.setOnAction(e -> run.partition(dc.name(), other.name()));
                MenuItem heal = new MenuItem("Heal the partition from " + other.name());
                heal.setOnAction(e -> run.healPartition(dc.name(), other.name()));
                menu.getItems().addAll(new SeparatorMenuItem(), cut, heal);
            }
        }
        menu.getItems().forEach(i -> i.setDisable(!can));
        if (!can) {
            MenuItem hint = new MenuItem("Start a run to break " + dc.name());
            hint.setDisable(true);
            menu.getItems().add(0, hint);
        }
    }

    private VBox nodeBox(NodeStatus n) {
        Circle dot = new Circle(5);
        Label name = new Label(n.component().name() + (n.component().instances() > 1 ? " \u00d7" + n.component().instances() : ""));
        name.getStyleClass().add("node-name");
        HBox head = new HBox(6, dot, name);
        head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label kind = new Label(n.component().kind().yamlName());
        kind.getStyleClass().add("node-kind");
        Label figure = new Label();
        figure.getStyleClass().add("node-figure");
        figure.textProperty().bind(n.figureProperty());
        figure.setId("figure-" + safeId(n.name()));
        VBox box = new VBox(1, head, kind, figure);
        box.setId("node-" + safeId(n.name()));
        box.getStyleClass().add("node-box");
        box.setPrefSize(NODE_W, NODE_H);
        box.setMaxSize(NODE_W, NODE_H);
        styleHealth(box, dot, n.healthProperty());
        Tooltip.install(box, new Tooltip(n.name() + " (" + n.component().kind().yamlName() + ") in " + n.dataCenter()
                + "\nClick during a run to kill or restart it."));
        ContextMenu menu = new ContextMenu();
        box.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY || e.getButton() == MouseButton.SECONDARY) {
                fillNodeMenu(menu, n.name()); // what can be done depends on the stack running now
                menu.show(box, e.getScreenX(), e.getScreenY());
            }
        });
        return box;
    }

    private void fillNodeMenu(ContextMenu menu, String component) {
        menu.getItems().clear();
        List<String> parts = run.partsOf(component);
        if (parts.isEmpty()) {
            MenuItem none = new MenuItem(run.canInjectFaults() ? component + " does not run under this strategy"
                    : "Start a run to kill or restart " + component);
            none.setDisable(true);
            menu.getItems().add(none);
            return;
        }
        for (String p : parts) {
            MenuItem kill = new MenuItem("Kill " + p);
            kill.setId("kill-" + p);
            kill.setOnAction(e -> run.kill(p));
            MenuItem restart = new MenuItem("Restart " + p);
            restart.setId("restart-" + p);
            restart.setOnAction(e -> run.restart(p));
            if (!menu.getItems().isEmpty()) {
                menu.getItems().add(new SeparatorMenuItem());
            }
            menu.getItems().addAll(kill, restart);
        }
    }

    private static void styleHealth(VBox box, Circle dot, ObjectProperty<Health> health) {
        Runnable apply = () -> {
            box.getStyleClass().removeIf(s -> s.startsWith("health-"));
            box.getStyleClass().add("health-" + health.get());
            dot.getStyleClass().setAll("dot-" + health.get());
        };
        health.addListener((o, was, now) -> apply.run());
        apply.run();
    }

    private Line flow(String from, String to) {
        Point2D[] ends = ends(from, to);
        Line line = new Line(ends[0].getX(), ends[0].getY(), ends[1].getX(), ends[1].getY());
        line.getStyleClass().add("flow");
        return line;
    }

    /** A node id usable as a CSS id: {@code dc-a/redis} becomes {@code dc-a_redis}. */
    static String safeId(String name) {
        return name.replace('/', '_');
    }

    private List<Node> link(LinkStatus l) {
        Wiring.Connection link = l.connection();
        Point2D[] ends = ends(l.from(), l.to());
        Line line = new Line(ends[0].getX(), ends[0].getY(), ends[1].getX(), ends[1].getY());
        line.getStyleClass().add("link");
        Line hit = new Line(ends[0].getX(), ends[0].getY(), ends[1].getX(), ends[1].getY());
        hit.getStyleClass().add("link-hit");
        hit.setId("link-" + safeId(link.name()));
        Text label = new Text((ends[0].getX() + ends[1].getX()) / 2 + 4, (ends[0].getY() + ends[1].getY()) / 2 - 4, "");
        label.getStyleClass().add("link-label");
        label.textProperty().bind(l.labelProperty());
        Runnable apply = () -> {
            line.getStyleClass().removeIf(s -> s.startsWith("link-"));
            line.getStyleClass().add("link-" + l.healthProperty().get());
        };
        l.healthProperty().addListener((o, was, now) -> apply.run());
        apply.run();
        Tooltip.install(hit, new Tooltip(link.name() + ": click during a run to slow, cut or heal it"));
        ContextMenu menu = new ContextMenu();
        hit.setOnMouseClicked(e -> {
            fillLinkMenu(menu, link);
            menu.show(hit, e.getScreenX(), e.getScreenY());
        });
        return List.of(line, label, hit);
    }

    private void fillLinkMenu(ContextMenu menu, Wiring.Connection link) {
        menu.getItems().clear();
        boolean can = run.canInjectFaults();
        for (double ms : new double[] {20, 100, 500}) {
            MenuItem slow = new MenuItem(String.format(java.util.Locale.ROOT, "Slow %s by %.0f ms", link.name(), ms));
            slow.setOnAction(e -> run.slow(link, ms));
            menu.getItems().add(slow);
        }
        MenuItem cut = new MenuItem("Cut " + link.name());
        cut.setOnAction(e -> run.cut(link));
        MenuItem heal = new MenuItem("Heal " + link.name());
        heal.setOnAction(e -> run.heal(link));
        menu.getItems().addAll(cut, heal);
        menu.getItems().forEach(i -> i.setDisable(!can));
        if (!can) {
            MenuItem hint = new MenuItem("Start a run to break links");
            hint.setDisable(true);
            menu.getItems().add(0, hint);
        }
    }

    /** The two points a line between two boxes joins: side to side across columns, else bottom to top. */
    private Point2D[] ends(String from, String to) {
        VBox a = boxes.get(from);
        VBox b = boxes.get(to);
        double ax = a.getLayoutX();
        double ay = a.getLayoutY();
        double bx = b.getLayoutX();
        double by = b.getLayoutY();
        if (Math.abs(ax - bx) < 1) {
            boolean down = by > ay;
            return new Point2D[] {new Point2D(ax + NODE_W / 2, down ? ay + NODE_H : ay),
                    new Point2D(bx + NODE_W / 2, down ? by : by + NODE_H)};
        }
        boolean right = bx > ax;
        return new Point2D[] {new Point2D(right ? ax + NODE_W : ax, ay + NODE_H / 2),
                new Point2D(right ? bx : bx + NODE_W, by + NODE_H / 2)};
    }
}
