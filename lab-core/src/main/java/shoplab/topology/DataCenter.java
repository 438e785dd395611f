package shoplab.topology;

import java.util.List;

/**
 * A data center: a region of the topology with its own components (its own edge, services and stores, so
 * that one data center's parts can die alone).
 *
 * @param name       unique in the topology
 * @param role       {@code production}, {@code same-city-dr}, {@code remote-dr}, or {@code external}: parties
 *                   outside our data centers (the payment provider)
 * @param components what runs there
 */
public record DataCenter(String name, String role, List<Component> components) {

    public static final String EXTERNAL = "external";

    public DataCenter {
        role = role == null ? "production" : role;
        components = components == null ? List.of() : List.copyOf(components);
    }

    public boolean isExternal() {
        return EXTERNAL.equals(role);
    }
}
