package shoplab.topology;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static shoplab.topology.ComponentKind.COUPON_SERVICE;
import static shoplab.topology.ComponentKind.DATABASE;
import static shoplab.topology.ComponentKind.INVENTORY_SERVICE;
import static shoplab.topology.ComponentKind.KAFKA;
import static shoplab.topology.ComponentKind.ORDER_SERVICE;
import static shoplab.topology.ComponentKind.PAYMENT_PROVIDER;
import static shoplab.topology.ComponentKind.PRODUCT_SERVICE;
import static shoplab.topology.ComponentKind.REDIS;
import static shoplab.topology.ComponentKind.TRADE_SERVICE;

/**
 * Who calls whom: the one table of the calls between services and stores. The stack wires each service to
 * one component of every kind it calls ({@link Topology#callee}), the loader refuses a service with nothing
 * to call in reach, and the console draws the same calls as request flows. The edge's wiring (CDN origin
 * and upstream, LVS upstream, proxy routes) is written in the topology itself.
 */
public final class Wiring {

    /** The calls every instance of a kind makes, whatever the strategies. */
    private static final Map<ComponentKind, List<ComponentKind>> CALLS = new EnumMap<>(Map.of(
            ORDER_SERVICE, List.of(DATABASE, INVENTORY_SERVICE),
            INVENTORY_SERVICE, List.of(DATABASE),
            TRADE_SERVICE, List.of(DATABASE, PRODUCT_SERVICE, INVENTORY_SERVICE, COUPON_SERVICE, PAYMENT_PROVIDER, KAFKA),
            PRODUCT_SERVICE, List.of(REDIS, KAFKA),
            COUPON_SERVICE, List.of(DATABASE),
            PAYMENT_PROVIDER, List.of(DATABASE)));

    /** Calls back to an address the callee hands out: the provider notifies the trade service that paid. */
    private static final Map<ComponentKind, ComponentKind> CALLBACKS = Map.of(TRADE_SERVICE, PAYMENT_PROVIDER);

    private Wiring() {
    }

    /** Whether instances of this kind are services the stack boots (not the edge, not a store). */
    public static boolean isService(ComponentKind kind) {
        return CALLS.containsKey(kind);
    }

    /**
     * The kinds a component of {@code kind} calls under the topology's strategies (a stock strategy adds its
     * stores, and the queued one the order service's).
     */
    public static List<ComponentKind> calls(ComponentKind kind, Topology topology) {
        Set<ComponentKind> all = new LinkedHashSet<>(CALLS.getOrDefault(kind, List.of()));
        for (Mechanism m : Mechanisms.all()) {
            m.strategy(topology.strategy(m)).ifPresent(s -> all.addAll(s.calls(kind, m.service())));
        }
        return List.copyOf(all);
    }

    /** The kinds a component of {@code kind} calls under one strategy or another: what a link or its calls may name. */
    public static List<ComponentKind> mayCall(ComponentKind kind) {
        Set<ComponentKind> all = new LinkedHashSet<>(CALLS.getOrDefault(kind, List.of()));
        Mechanisms.all().forEach(m -> m.strategies().forEach(s -> all.addAll(s.calls(kind, m.service()))));
        return List.copyOf(all);
    }

    /** What a component calls, resolved: each callee with the kind it is called as. */
    public static List<Placed> callees(Placed from, Topology topology) {
        List<Placed> to = new ArrayList<>();
        for (ComponentKind k : calls(from.kind(), topology)) {
            topology.callee(from, k).ifPresent(to::add);
        }
        return to;
    }

    /** A call a service must make that has nothing to call in reach. */
    public record Missing(Placed from, ComponentKind kind, String what) {
    }

    /** Every service's calls that nothing answers: the stack cannot boot such a topology. */
    public static List<Missing> missing(Topology topology) {
        List<Missing> missing = new ArrayList<>();
        for (Placed p : topology.placed()) {
            for (ComponentKind k : calls(p.kind(), topology)) {
                if (topology.callee(p, k).isEmpty()) {
                    String why = Mechanisms.all().stream().filter(m -> !CALLS.getOrDefault(p.kind(), List.of()).contains(k)
                                    && m.strategy(topology.strategy(m)).map(s -> s.calls(p.kind(), m.service()).contains(k)).orElse(false))
                            .map(m -> " (" + m.name() + ": " + topology.strategy(m) + ")").findFirst().orElse("");
                    missing.add(new Missing(p, k, "the " + p.kind().yamlName() + " '" + p.name() + "' calls a "
                            + k.yamlName() + why + " and " + p.dc() + " has none: add one there, or name one in its calls"));
                }
            }
        }
        return missing;
    }

    /** A connection the topology declares a link for: one caller, one callee, in their data centers. */
    public record Connection(Placed from, Placed to, Link link) {

        /** {@code from->to} by ids, e.g. {@code inventory->db} or {@code dc-b/inventory->dc-b/db}. */
        public String name() {
            return from.id() + "->" + to.id();
        }
    }

    /** Every connection a declared link carries (a link between plain names, once per data center). */
    public static List<Connection> declaredConnections(Topology topology) {
        List<Connection> all = new ArrayList<>();
        for (Placed from : topology.placed()) {
            for (Placed to : new LinkedHashSet<>(possibleFlows(from, topology))) {
                topology.link(from, to).ifPresent(l -> all.add(new Connection(from, to, l)));
            }
        }
        return all;
    }

    /**
     * Where a component sends requests, for drawing: its edge wiring from the file (origin, upstream,
     * routes), the calls of the table, and the callbacks it makes.
     */
    public static List<Placed> flows(Placed from, Topology topology) {
        return flows(from, topology, calls(from.kind(), topology));
    }

    /** Every flow a component may have under one strategy or another: what a declared link may carry. */
    public static List<Placed> possibleFlows(Placed from, Topology topology) {
        return flows(from, topology, mayCall(from.kind()));
    }

    private static List<Placed> flows(Placed from, Topology topology, List<ComponentKind> calls) {
        List<Placed> to = new ArrayList<>();
        Component c = from.component();
        topology.resolve(c.origin(), from.dataCenter()).ifPresent(to::add);
        topology.resolve(c.upstream(), from.dataCenter()).ifPresent(to::add);
        new java.util.TreeSet<>(c.routes().values()).forEach(r -> topology.resolve(r, from.dataCenter()).ifPresent(to::add));
        calls.forEach(k -> topology.callee(from, k).ifPresent(to::add));
        CALLBACKS.forEach((callee, caller) -> {
            if (caller == from.kind()) {
                topology.placed().stream().filter(p -> p.kind() == callee)
                        .filter(p -> topology.callee(p, caller).map(from::equals).orElse(false))
                        .forEach(to::add);
            }
        });
        return to;
    }
}
