package shoplab.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.stack.edge.ReverseProxy;
import shoplab.stack.net.LatencyProxy;
import shoplab.topology.ComponentKind;
import shoplab.topology.DataCenter;
import shoplab.topology.Placed;
import shoplab.topology.Topology;
import shoplab.topology.Wiring;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The architecture booted from a topology, in this JVM, on random loopback ports: every component of every
 * data center the scenario uses, each with its instances; per data center its own stores, services and
 * edge, so that one data center's parts can die alone. {@link StackBoot} boots it (stores, then services,
 * then the edge, independent parts in parallel); {@link #close()} stops every part, edge first, and deletes
 * the work folder; it is safe to call twice and from a shutdown hook.
 */
public final class Stack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Stack.class);

    /** When a part boots relative to the others; the stack stops them in the reverse order. */
    public enum Tier { STORE, LINK, SERVICE, EDGE }

    /**
     * A running part: an instance of a component (a store, a service instance, an edge instance), or what
     * the lab puts between components (a latency proxy on a link, a balancer in front of service instances,
     * {@link Tier#LINK}), with the component it belongs to (a link: its caller).
     */
    public record Part(Lifecycle lifecycle, Placed component, Tier tier) {

        public String name() {
            return lifecycle.name();
        }

        public String dataCenter() {
            return component.dc();
        }
    }

    private final Topology topology;
    private final StackOptions options;
    private final List<Part> parts = new ArrayList<>();
    private final Map<String, LatencyProxy> links = new LinkedHashMap<>();
    /** Link name to the two data centers it joins, for the links that cross between data centers. */
    private final Map<String, Set<String>> crossings = new LinkedHashMap<>();
    private final Map<Placed, List<String>> serviceUrls = new LinkedHashMap<>();
    private final Set<Placed> booted = new LinkedHashSet<>();
    private final List<ReverseProxy> proxies = new ArrayList<>();
    private URI entry;
    private Replicas replicas;
    private TrafficSwitch traffic;
    private shoplab.stack.edge.Gslb gslb;
    private long bootMillis;
    private boolean closed;

    Stack(Topology topology, StackOptions options) {
        this.topology = topology;
        this.options = options;
        OpenStacks.opened();
    }

    /** Boots the whole stack; on any failure stops what was started and rethrows. */
    public static Stack boot(Topology topology, StackOptions options, Consumer<String> progress) throws Exception {
        List<Wiring.Missing> missing = Wiring.missing(topology);
        if (!missing.isEmpty()) { // a strategy chosen for this run needs a store the topology lacks
            throw new IllegalStateException("topology '" + topology.name() + "': " + missing.get(0).what());
        }
        Stack stack = new Stack(topology, options);
        long start = System.nanoTime();
        try {
            new StackBoot(stack, topology, options, progress).bootAll();
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        stack.bootMillis = (System.nanoTime() - start) / 1_000_000;
        return stack;
    }

    // ---- registration, by StackBoot (its threads boot parts in parallel) ----

    synchronized void register(Part part) {
        parts.add(part);
        booted.add(part.component());
        if (part.lifecycle() instanceof ReverseProxy p) {
            proxies.add(p);
        }
    }

    synchronized void registerLink(Part part, LatencyProxy link, Set<String> crossing) {
        parts.add(part);
        links.put(link.name(), link);
        if (crossing.size() == 2) {
            crossings.put(link.name(), crossing);
        }
    }

    synchronized void registerService(Placed component, String url) {
        serviceUrls.computeIfAbsent(component, k -> new ArrayList<>()).add(url);
    }

    void entry(URI entry) {
        this.entry = entry;
    }

    synchronized void replicas(Replicas replicas) {
        this.replicas = replicas;
    }

    synchronized void gslb(shoplab.stack.edge.Gslb gslb) {
        this.gslb = gslb;
    }

    synchronized void traffic(TrafficSwitch traffic) {
        this.traffic = traffic;
    }

    /** The global traffic manager, when the topology declares one. */
    public synchronized Optional<TrafficSwitch> traffic() {
        return Optional.ofNullable(traffic);
    }

    StackOptions options() {
        return options;
    }

    /** The stores' replication, when the topology declares one. */
    public synchronized Optional<Replicas> replicas() {
        return Optional.ofNullable(replicas);
    }

    // ---- what the lab reads ----

    public Topology topology() {
        return topology;
    }

    /** Where users enter: the CDN of the production data center. */
    public URI entryUrl() {
        return entry;
    }

    /** Milliseconds the boot took. */
    public long bootMillis() {
        return bootMillis;
    }

    public synchronized List<Lifecycle> parts() {
        return parts.stream().map(Part::lifecycle).toList();
    }

    /** Every part with its component and tier, in boot order. */
    public synchronized List<Part> placedParts() {
        return List.copyOf(parts);
    }

    public synchronized Optional<Lifecycle> part(String name) {
        return parts.stream().map(Part::lifecycle).filter(p -> p.name().equals(name)).findFirst();
    }

    public synchronized Map<String, LatencyProxy> links() {
        return Map.copyOf(links);
    }

    /** The links that cross between two data centers (both directions): what a partition cuts. */
    public synchronized List<LatencyProxy> linksBetween(String dcA, String dcB) {
        Set<String> pair = Set.of(dcA, dcB);
        return crossings.entrySet().stream().filter(e -> e.getValue().equals(pair)).map(e -> links.get(e.getKey())).toList();
    }

    /** A link now runs between other data centers (a failover moved it): partitions cut it by its new ends. */
    synchronized void recross(LatencyProxy link, Set<String> between) {
        if (between.size() == 2) {
            crossings.put(link.name(), between);
        } else {
            crossings.remove(link.name());
        }
    }

    /** Every link crossing between a data center and anything outside it (other sites, the traffic manager). */
    public synchronized List<LatencyProxy> linksCrossing(String dc) {
        return crossings.entrySet().stream().filter(e -> e.getValue().contains(dc)).map(e -> links.get(e.getKey())).toList();
    }

    /** The components of the topology this stack did not boot (the scenario does not use them). */
    public synchronized List<Placed> idle() {
        return topology.placed().stream().filter(p -> !booted.contains(p)).toList();
    }

    /**
     * The instances a fault target names, in boot order: a data center (every part of it), a component
     * (every instance of it: {@code proxy}, {@code dc-a/order}), or one instance ({@code proxy-2}).
     */
    public synchronized List<Part> instances(String target) {
        List<Part> own = parts.stream().filter(p -> p.tier() != Tier.LINK).toList();
        if (topology.dataCenter(target).isPresent()) {
            return own.stream().filter(p -> p.dataCenter().equals(target)).toList();
        }
        Optional<Placed> component = topology.placed(target);
        if (component.isPresent()) {
            return own.stream().filter(p -> p.component().equals(component.get())).toList();
        }
        return own.stream().filter(p -> p.name().equals(target)).toList();
    }

    /** Where users are served now: the traffic manager's choice (the primary's mid-switch), else the entry data center. */
    public synchronized DataCenter activeDataCenter() {
        if (replicas != null && traffic != null) {
            return topology.dataCenter(replicas.primary().dc()).orElseThrow();
        }
        return topology.entryDataCenter();
    }

    /** A service's own address in the production data center (its first instance), for the lab's sampling. */
    public String serviceUrl(ComponentKind kind) {
        return serviceUrls(kind).values().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("this stack runs no " + kind.yamlName()));
    }

    /**
     * The own address of every component of a kind (its first instance), by component id, the active data
     * center first: the one the traffic manager sends users to (the promoted one after a switch), else the
     * entry data center.
     */
    public synchronized Map<String, String> serviceUrls(ComponentKind kind) {
        DataCenter entryDc = activeDataCenter();
        Map<String, String> urls = new LinkedHashMap<>();
        serviceUrls.entrySet().stream().filter(e -> e.getKey().kind() == kind)
                .sorted(Comparator.comparing(e -> !e.getKey().dataCenter().equals(entryDc)))
                .forEach(e -> urls.put(e.getKey().id(), e.getValue().get(0)));
        return urls;
    }

    /** The own address of every instance of every component of a kind, in every data center. */
    public synchronized List<String> instanceUrls(ComponentKind kind) {
        return serviceUrls.entrySet().stream().filter(e -> e.getKey().kind() == kind)
                .flatMap(e -> e.getValue().stream()).toList();
    }

    /** Requests each edge component's HTTP instances (CDN, proxies, static site) served so far, by component id. */
    public synchronized Map<String, Long> servedByComponent() {
        Map<String, Long> served = new LinkedHashMap<>();
        for (Part p : parts) {
            if (p.tier() == Tier.EDGE && p.lifecycle() instanceof shoplab.stack.edge.HttpPart h) {
                served.merge(p.component().id(), h.requests(), Long::sum);
            }
        }
        return served;
    }

    /** Requests the reverse proxies have served so far. */
    public synchronized long proxiedRequests() {
        return proxies.stream().mapToLong(ReverseProxy::requests).sum();
    }

    /** Parts in the order to stop them: the edge first, stores last; within a tier, the reverse of boot order. */
    public static List<Part> inStopOrder(List<Part> parts) {
        List<Part> order = new ArrayList<>(parts);
        java.util.Collections.reverse(order);
        order.sort(Comparator.comparing(Part::tier).reversed()); // stable: keeps the reverse boot order in a tier
        return order;
    }

    @Override
    public void close() {
        List<Part> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(parts);
        }
        try {
            if (traffic != null) {
                traffic.close();
            }
            if (gslb != null) {
                gslb.stop();
            }
            for (Part p : inStopOrder(all)) {
                try {
                    p.lifecycle().stop();
                } catch (RuntimeException e) {
                    LOG.warn("stopping {}: {}", p.name(), e.toString());
                }
            }
            Folders.deleteTree(options.workDir());
        } finally {
            OpenStacks.closed();
        }
    }
}
