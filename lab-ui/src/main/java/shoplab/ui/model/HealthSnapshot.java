package shoplab.ui.model;

import shoplab.history.Outcome;
import shoplab.history.Sample;
import shoplab.report.Timeline;
import shoplab.topology.Component;
import shoplab.topology.Link;
import shoplab.topology.Topology;

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
 *   <li>a link is down when cut, degraded when slowed.</li>
 * </ul>
 *
 * @param nodes per component: health and key figure
 * @param links per declared link ({@code from->to}): health and label
 */
public record HealthSnapshot(Map<String, View> nodes, Map<String, View> links) {

    /** How one node or link looks. */
    public record View(Health health, String text) {
    }

    /** Nothing runs: everything idle. */
    public static HealthSnapshot idle(Topology t) {
        Map<String, View> n = new LinkedHashMap<>();
        t.components().forEach(c -> n.put(c.name(), new View(Health.IDLE, "")));
        Map<String, View> l = new LinkedHashMap<>();
        t.links().forEach(link -> l.put(link.name(), new View(Health.IDLE, latency(link.latencyMs()))));
        return new HealthSnapshot(n, l);
    }

    /**
     * @param partsUp every part the stack runs (parts of a component are named {@code c} or {@code c-N};
     *                link proxies {@code from->to}), whether it serves
     * @param t       the running strategy's timeline
     */
    public static HealthSnapshot of(Topology topology, Map<String, Boolean> partsUp, Timeline t) {
        List<Timeline.FaultWindow> open = t.faultWindows().stream().filter(w -> !w.healed()).toList();
        Map<String, View> links = new LinkedHashMap<>();
        for (Link link : topology.links()) {
            View v = new View(Health.UP, latency(link.latencyMs()));
            for (Timeline.FaultWindow w : open) {
                if (onLink(w.target(), link)) {
                    v = "cut".equals(w.action()) ? new View(Health.DOWN, "cut")
                            : new View(Health.DEGRADED, latency(link.latencyMs()) + " " + w.action() + "ed");
                }
            }
            links.put(link.name(), v);
        }
        Map<String, View> nodes = new LinkedHashMap<>();
        topology.components().forEach(c -> nodes.put(c.name(), node(c, partsUp, links, topology, t)));
        return new HealthSnapshot(nodes, links);
    }

    private static View node(Component c, Map<String, Boolean> partsUp, Map<String, View> links, Topology topology,
                             Timeline t) {
        long total = 0;
        long up = 0;
        for (Map.Entry<String, Boolean> p : partsUp.entrySet()) {
            if (component(p.getKey()).equals(c.name()) && !p.getKey().contains("->")) {
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
        boolean linkTrouble = topology.links().stream()
                .filter(l -> l.from().equals(c.name()) || l.to().equals(c.name()))
                .anyMatch(l -> links.get(l.name()).health() != Health.UP);
        Health h = up < total || linkTrouble ? Health.DEGRADED : Health.UP;
        String text = figure(c, t);
        if (up < total) {
            text = up + "/" + total + " up" + (text.isEmpty() ? "" : ", " + text);
        }
        return new View(h, text);
    }

    /** The one figure that says most about a component of this kind. */
    static String figure(Component c, Timeline t) {
        return switch (c.kind()) {
            case CDN, LVS, REVERSE_PROXY -> perSecond(t.latest(Sample.REQUESTS_PER_SECOND), "req/s");
            case REDIS -> count("stock", t.latest(Sample.REDIS_STOCK));
            case DATABASE -> count("stock", t.latest(Sample.DB_STOCK));
            case KAFKA -> count("lag", t.latest(Sample.QUEUE_LAG));
            case ORDER_SERVICE -> Double.isNaN(t.latest(Sample.HELD)) ? ""
                    : String.format(Locale.ROOT, "%.0f held, %.0f sold", t.latest(Sample.HELD), t.latest(Sample.SOLD));
            case INVENTORY_SERVICE, TRADE_SERVICE -> perSecond(lastFullSecond(t), t.measured() + "/s");
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

    /** Whether a fault target (a stack link such as {@code proxy-1->order}) is on a declared link. */
    static boolean onLink(String target, Link link) {
        int arrow = target == null ? -1 : target.indexOf("->");
        return arrow > 0 && component(target.substring(0, arrow)).equals(link.from())
                && component(target.substring(arrow + 2)).equals(link.to());
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
