package shoplab.topology;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The architecture to boot: data centers, their components, the links between them and the strategy
 * chosen for each mechanism. Immutable; built by {@link TopologyLoader}, which validates it.
 *
 * @param name        the topology's name
 * @param description one line for people
 * @param dataCenters at least one
 * @param links       the links that carry latency
 * @param strategies  mechanism ({@code stock}, ...) to strategy name
 */
public record Topology(String name, String description, List<DataCenter> dataCenters, List<Link> links,
                       Map<String, String> strategies) {

    public Topology {
        description = description == null ? "" : description;
        dataCenters = dataCenters == null ? List.of() : List.copyOf(dataCenters);
        links = links == null ? List.of() : List.copyOf(links);
        strategies = strategies == null ? Map.of() : Map.copyOf(strategies);
    }

    public Stream<Component> components() {
        return dataCenters.stream().flatMap(dc -> dc.components().stream());
    }

    public Optional<Component> component(String name) {
        return components().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The one component of this kind in the first data center that has one. */
    public Optional<Component> first(ComponentKind kind) {
        return components().filter(c -> c.kind() == kind).findFirst();
    }

    /** The declared link from one component to another. */
    public Optional<Link> link(String from, String to) {
        return links.stream().filter(l -> l.from().equals(from) && l.to().equals(to)).findFirst();
    }

    /** The same topology with one mechanism's strategy replaced. */
    public Topology withStrategy(String mechanism, String strategy) {
        var copy = new java.util.LinkedHashMap<>(strategies);
        copy.put(mechanism, strategy);
        return new Topology(name, description, dataCenters, links, copy);
    }
}
