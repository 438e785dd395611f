package shoplab.ui.model;

import shoplab.history.Outcome;
import shoplab.history.Sample;
import shoplab.report.Timeline;
import shoplab.topology.DataCenter;
import shoplab.topology.Placed;
import shoplab.topology.Topology;
import shoplab.topology.Wiring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The topology view's figures at one moment, worked out off the FX thread from what the stack says of
 * its parts (up or not) and what the strategy's timeline holds (open fault windows, latest samples).
 * A pure function of its inputs, so the rules below are tested without a stack or a toolkit:
 * <ul>
 *   <li>a node is down when all its parts are, degraded when some are or a link it uses is slowed or
 *       cut, idle when this stack does not run it (Redis under a database strategy);</li>
 *   <li>a link is down when cut, degraded when slowed;</li>
 *   <li>a node's figure is its own sample ({@code dc-b/redis.redisStock}) where the probe takes one per
 *       component, else, in the data center users enter, the run's figure for its kind.</li>
 * </ul>
 *
 * <p>A data center is down when every part of it is, or while it is isolated; degraded while it is partitioned
 * from another site or some of its parts are down; it says whether the users are in it (the traffic
 * manager's active data center, else the one they enter at).
 *
 * @param nodes       per component id: health and key figure
 * @param links       per declared connection ({@code from->to} by ids): health and label
 * @param dataCenters per data center: health and what it is doing (users here, standby)
 */
public record HealthSnapshot(Map<String, View> nodes, Map<String, View> links, Map<String, View> dataCenters) {

    /** How one node or link looks. */
    public record View(Health health, String text) {
    }

    /** Nothing runs: everything idle. */
    public static HealthSnapshot idle(Topology t) {
        Map<String, View> n = new LinkedHashMap<>();
        t.placed().forEach(p -> n.put(p.id(), new View(Health.IDLE, "")));
        Map<String, View> l = new LinkedHashMap<>();
        Wiring.declaredConnections(t).forEach(c -> l.put(c.name(), new View(Health.IDLE, latency(c.link().latencyMs()))));
        Map<String, View> d = new LinkedHashMap<>();
        t.dataCenters().forEach(dc -> d.put(dc.name(), new View(Health.IDLE, "")));
        return new HealthSnapshot(n, l, d);
    }

    /**
     * @param partsUp every instance the stack runs (an instance of component {@code c} is named {@code c} or
     *                {@code c-N}; link proxies {@code from->to}), whether it serves
     * @param t       the running strategy's timeline
     * @param active  the data center the users are in now (the traffic manager's, after a switch)
     */
    public static HealthSnapshot of(Topology topology, Map<String, Boolean> partsUp, Timeline t, String active) {
        List<Timeline.FaultWindow> open = t.faultWindows().stream().filter(w -> !w.healed()).toList();
        Map<String, View> links = new LinkedHashMap<>();
        List<Wiring.Connection> connections = Wiring.declaredConnections(topology);
        for (Wiring.Connection c : connections) {
            View v = new View(Health.UP, latency(c.link().latencyMs()));
            for (Timeline.FaultWindow w : open) {
                if (onLink(w.target(), c)) {
                    v = "cut".equals(w.action()) ? new View(Health.DOWN, "cut")
                            : new View(Health.DEGRADED, latency(c.link().latencyMs()) + " " + w.action() + "ed");
                }
            }
            links.put(c.name(), v);
        }
        Map<String, View> nodes = new LinkedHashMap<>();
        for (Placed p : topology.placed()) {
            nodes.put(p.id(), node(p, p.dc().equals(active), partsUp, links, connections, t));
        }
        Map<String, View> dataCenters = new LinkedHashMap<>();
        for (DataCenter dc : topology.dataCenters()) {
            dataCenters.put(dc.name(), dataCenter(dc.name(), topology, nodes, open, dc.name().equals(active)));
        }
        return new HealthSnapshot(nodes, links, dataCenters);
    }

    private static View dataCenter(String dc, Topology topology, Map<String, View> nodes, List<Timeline.FaultWindow> open,
                                   boolean active) {
        List<View> own = topology.placed().stream().filter(p -> p.dc().equals(dc)).map(p -> nodes.get(p.id()))
                .filter(v -> v.health() != Health.IDLE).toList();
        String users = active ? (topology.trafficManager() != null ? "users here" : "users enter here") : "standby";
        boolean isolated = open.stream().anyMatch(w -> "isolate".equals(w.action()) && dc.equals(w.target()));
        if (isolated || !own.isEmpty() && own.stream().allMatch(v -> v.health() == Health.DOWN)) {
            return new View(Health.DOWN, (isolated ? "isolated" : "down") + (active ? ", users here" : ""));
        }
        List<String> cutFrom = open.stream().filter(w -> "partition".equals(w.action()) && w.target() != null)
                .map(w -> w.target().split("/")).filter(pair -> pair.length == 2 && (pair[0].equals(dc) || pair[1].equals(dc)))
                .map(pair -> pair[0].equals(dc) ? pair[1] : pair[0]).toList();
        if (!cutFrom.isEmpty()) {
            return new View(Health.DEGRADED, users + ", cut from " + String.join(", ", cutFrom));
        }
        boolean someDown = own.stream().anyMatch(v -> v.health() != Health.UP);
        return new View(someDown ? Health.DEGRADED : Health.UP, users);
    }

    private static View node(Placed c, boolean entry, Map<String, Boolean> partsUp, Map<String, View> links,
                             List<Wiring.Connection> connections, Timeline t) {
        long total = 0;
        long up = 0;
        for (Map.Entry<String, Boolean> p : partsUp.entrySet()) {
            if (component(p.getKey()).equals(c.id()) && !p.getKey().contains("->")) {
                total++;
                up += p.getValue() ? 1 : 0;
            }
        }
        if (total == 0) {
            return new View(Health.IDLE, "not used");
        }
        if (up == 0) {
            return new View(Health.DOWN, "down");
        }
        boolean linkTrouble = connections.stream()
                .filter(l -> l.from().equals(c) || l.to().equals(c))
                .anyMatch(l -> links.get(l.name()).health() != Health.UP);
        Health h = up < total || linkTrouble ? Health.DEGRADED : Health.UP;
        String text = figure(c, entry, t);
        if (up < total) {
            text = up + "/" + total + " up" + (text.isEmpty() ? "" : ", " + text);
        }
        return new View(h, text);
    }

    /** The one figure that says most about a component of this kind. */
    static String figure(Placed c, boolean entry, Timeline t) {
        java.util.function.Function<String, Double> latest = key -> {
            double own = t.latest(c.id() + "." + key);
            return !Double.isNaN(own) || !entry ? own : t.latest(key);
        };
        return switch (c.kind()) {
            case CDN, LVS, REVERSE_PROXY -> perSecond(latest.apply(Sample.REQUESTS_PER_SECOND), "req/s");
            case REDIS -> count("stock", latest.apply(Sample.REDIS_STOCK));
            case DATABASE -> count("stock", latest.apply(Sample.DB_STOCK));
            case KAFKA -> count("lag", latest.apply(Sample.QUEUE_LAG));
            case ORDER_SERVICE -> Double.isNaN(latest.apply(Sample.HELD)) ? ""
                    : String.format(Locale.ROOT, "%.0f held, %.0f sold", latest.apply(Sample.HELD), latest.apply(Sample.SOLD));
            case INVENTORY_SERVICE, TRADE_SERVICE -> entry ? perSecond(lastFullSecond(t), t.measured() + "/s") : "";
            case PAYMENT_PROVIDER -> perSecond(t.latest(Sample.NOTICES_PER_SECOND), "notices/s");
            case STATIC_SITE, PRODUCT_SERVICE, COUPON_SERVICE -> "";
        };
    }

    /** Measured operations completed in the last whole second (all outcomes). */
    private static double lastFullSecond(Timeline t) {
        long second = t.endMs() / 1000 - 1;
        double sum = 0;
        boolean any = false;
        for (Outcome o : Outcome.values()) {
            List<Timeline.Point> points = t.perSecond(o);
            if (second >= 0 && second < points.size()) {
                sum += points.get((int) second).y();
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /** The component a part or link end belongs to: {@code proxy-2} is an instance of {@code proxy}. */
    static String component(String part) {
        return part.replaceFirst("-\\d+$", "");
    }

    /** Whether a fault target (a stack link such as {@code proxy-1->order}) is on a declared connection. */
    static boolean onLink(String target, Wiring.Connection c) {
        int arrow = target == null ? -1 : target.indexOf("->");
        return arrow > 0 && component(target.substring(0, arrow)).equals(c.from().id())
                && component(target.substring(arrow + 2)).equals(c.to().id());
    }

    private static String perSecond(double v, String unit) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.0f %s", v, unit);
    }

    private static String count(String what, double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%s %.0f", what, v);
    }

    private static String latency(Double ms) {
        return ms == null ? "" : String.format(Locale.ROOT, "%.2f ms", ms);
    }
}
