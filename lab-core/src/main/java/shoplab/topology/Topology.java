package shoplab.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The architecture to boot: data centers, their components, the network between sites, the links between
 * components and the strategy chosen for each mechanism. Immutable; built by {@link TopologyLoader}, which
 * validates it.
 *
 * <p>A topology file refers to a component by its name, resolved in the data center of the one that
 * refers (a service calls the stores of its own data center), or by {@code dc/name}.
 *
 * @param name        the topology's name
 * @param description one line for people
 * @param dataCenters at least one
 * @param siteLinks   the network between two data centers
 * @param links       links between components that carry latency
 * @param strategies  mechanism ({@code stock}, ...) to strategy name
 * @param replication how the data centers' stores replicate, or null: each data center on its own
 * @param trafficManager the GSLB in front of the data centers, or null: users enter at the entry data center
 * @param protection  the services' rate limits and degrade rules, applied when the {@code protection}
 *                    mechanism's strategy is {@code degrade-limit}; or null: none written
 */
public record Topology(String name, String description, List<DataCenter> dataCenters, List<SiteLink> siteLinks,
                       List<Link> links, Map<String, String> strategies, Replication replication,
                       TrafficManager trafficManager, Protection protection) {

    public Topology {
        description = description == null ? "" : description;
        dataCenters = dataCenters == null ? List.of() : List.copyOf(dataCenters);
        siteLinks = siteLinks == null ? List.of() : List.copyOf(siteLinks);
        links = links == null ? List.of() : List.copyOf(links);
        strategies = strategies == null ? Map.of() : Map.copyOf(strategies);
    }

    public Stream<Component> components() {
        return dataCenters.stream().flatMap(dc -> dc.components().stream());
    }

    /** Every component with its data center and its id, in file order. */
    public List<Placed> placed() {
        Map<String, Integer> named = new java.util.HashMap<>();
        components().forEach(c -> named.merge(c.name(), 1, Integer::sum));
        List<Placed> all = new ArrayList<>();
        for (DataCenter dc : dataCenters) {
            for (Component c : dc.components()) {
                all.add(new Placed(named.get(c.name()) == 1 ? c.name() : dc.name() + "/" + c.name(), dc, c));
            }
        }
        return all;
    }

    /** The component an id or a reference names, when it names exactly one. */
    public Optional<Placed> placed(String ref) {
        return resolve(ref, null);
    }

    /**
     * What a reference written in the data center {@code context} means: {@code dc/name} exactly; a plain
     * name in that data center first, else the one component of that name in the topology.
     */
    public Optional<Placed> resolve(String ref, DataCenter context) {
        if (ref == null) {
            return Optional.empty();
        }
        List<Placed> all = placed();
        if (context != null) {
            Optional<Placed> local = all.stream().filter(p -> p.dataCenter().equals(context) && p.name().equals(ref)).findFirst();
            if (local.isPresent()) {
                return local;
            }
        }
        List<Placed> matches = all.stream().filter(p -> p.answersTo(ref)).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** The component a reference names; plain names are resolved as {@link #resolve} does without a context. */
    public Optional<Component> component(String ref) {
        return placed(ref).map(Placed::component);
    }

    public Optional<DataCenter> dataCenter(String name) {
        return dataCenters.stream().filter(dc -> dc.name().equals(name)).findFirst();
    }

    /** Where users enter: the production data center (the first one of our own when none is called so). */
    public DataCenter entryDataCenter() {
        return dataCenters.stream().filter(dc -> dc.role().equals("production")).findFirst()
                .or(() -> dataCenters.stream().filter(dc -> !dc.isExternal()).findFirst())
                .orElseThrow(() -> new IllegalStateException("topology '" + name + "' has no data center of its own"));
    }

    /** The components of one kind in one data center, in file order. */
    public List<Placed> inDataCenter(DataCenter dc, ComponentKind kind) {
        return placed().stream().filter(p -> p.dataCenter().equals(dc) && p.kind() == kind).toList();
    }

    /**
     * The component of {@code kind} that {@code from} calls: the one its {@code calls} names, else the first
     * of that kind in its own data center, else the only one in an external data center (the payment
     * provider outside every data center of ours).
     */
    public Optional<Placed> callee(Placed from, ComponentKind kind) {
        return ownCallee(from, kind).map(this::writer);
    }

    private Optional<Placed> ownCallee(Placed from, ComponentKind kind) {
        for (String ref : from.component().calls()) {
            Optional<Placed> named = resolve(ref, from.dataCenter());
            if (named.isPresent() && named.get().kind() == kind) {
                return named;
            }
        }
        List<Placed> local = inDataCenter(from.dataCenter(), kind);
        if (!local.isEmpty()) {
            return Optional.of(local.get(0));
        }
        List<Placed> external = placed().stream().filter(p -> p.isExternal() && p.kind() == kind).toList();
        return external.size() == 1 ? Optional.of(external.get(0)) : Optional.empty();
    }

    /**
     * Where writes to a store go: a replica data center's database or Redis is read-only while it follows
     * the primary, so its services write through the primary's (the store of the same kind there).
     */
    public Placed writer(Placed store) {
        if (replication == null || !replication.isReplica(store.dc()) || !replicated(store)) {
            return store;
        }
        return replicated(dataCenter(replication.primary()).orElseThrow(), store.kind()).orElse(store);
    }

    /** The store of a kind that replicates in a data center: its first database or Redis. */
    public Optional<Placed> replicated(DataCenter dc, ComponentKind kind) {
        if (kind != ComponentKind.DATABASE && kind != ComponentKind.REDIS) {
            return Optional.empty();
        }
        return inDataCenter(dc, kind).stream().findFirst();
    }

    /** Whether a store is one of the replicated ones (a primary's or a replica's). */
    public boolean replicated(Placed store) {
        return replication != null && replication.members().contains(store.dc())
                && replicated(store.dataCenter(), store.kind()).map(store::equals).orElse(false);
    }

    /**
     * The declared link from one component to another. A link between plain names applies inside every data
     * center that has both ends, and across data centers only where one end is the only one of its name.
     */
    public Optional<Link> link(Placed from, Placed to) {
        return links.stream().filter(l -> l.from() != null && l.to() != null
                        && from.answersTo(l.from()) && to.answersTo(l.to())
                        && (from.dc().equals(to.dc()) || l.from().contains("/") || l.to().contains("/")
                        || !from.id().contains("/") || !to.id().contains("/")))
                .findFirst();
    }

    /** The declared link between two components named by reference (each naming exactly one). */
    public Optional<Link> link(String from, String to) {
        Optional<Placed> f = placed(from);
        Optional<Placed> t = placed(to);
        return f.isPresent() && t.isPresent() ? link(f.get(), t.get()) : Optional.empty();
    }

    /** The network between two different data centers, when the topology declares it. */
    public Optional<SiteLink> siteLink(String dcA, String dcB) {
        return siteLinks.stream().filter(s -> s.joins(dcA, dcB)).findFirst();
    }

    /** The strategy the topology runs for a mechanism: its own choice, else the mechanism's default. */
    public String strategy(Mechanism mechanism) {
        return strategies.getOrDefault(mechanism.name(), mechanism.defaultStrategy());
    }

    /**
     * The protection rules a {@code degrade-limit} run applies.
     *
     * @throws IllegalArgumentException when the topology has none
     */
    public Protection requireProtection() {
        if (protection == null) {
            throw new IllegalArgumentException("protection: degrade-limit applies the topology's protection rules, and topology '"
                    + name + "' has none (add a protection: block, as in topologies/two-site-three-center.yaml)");
        }
        return protection;
    }

    /** The same topology behind another traffic manager. */
    public Topology withTrafficManager(TrafficManager manager) {
        return new Topology(name, description, dataCenters, siteLinks, links, strategies, replication, manager, protection);
    }

    /** The same topology with one mechanism's strategy replaced. */
    public Topology withStrategy(String mechanism, String strategy) {
        var copy = new java.util.LinkedHashMap<>(strategies);
        copy.put(mechanism, strategy);
        return new Topology(name, description, dataCenters, siteLinks, links, copy, replication, trafficManager, protection);
    }
}
