package shoplab.topology;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The registered {@link Mechanism} descriptors ({@code META-INF/services/shoplab.topology.Mechanism}). */
public final class Mechanisms {

    private static final List<Mechanism> ALL = ServiceLoader.load(Mechanism.class, Mechanisms.class.getClassLoader())
            .stream().map(ServiceLoader.Provider::get).sorted(Comparator.comparing(Mechanism::name)).toList();

    private Mechanisms() {
    }

    public static List<Mechanism> all() {
        return ALL;
    }

    public static Optional<Mechanism> find(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The descriptor of a mechanism that must exist (a scenario's own). */
    public static Mechanism get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no mechanism '" + name + "' (registered: "
                + String.join(", ", ALL.stream().map(Mechanism::name).toList()) + ")"));
    }
}
