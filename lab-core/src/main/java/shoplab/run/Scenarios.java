package shoplab.run;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The scenarios on the classpath. */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return ServiceLoader.load(Scenario.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    public static Optional<Scenario> find(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
