package shoplab.topology;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A mechanism the topology chooses a strategy for ({@code strategies: {stock: redis-lua}}): its name, the
 * service kind that implements it, and its strategies, each with whether it is unsafe by design and which
 * stores the implementing service then calls. One descriptor per mechanism, registered with
 * {@link java.util.ServiceLoader} next to the service that implements it; the topology loader validates
 * against these, the stack wires by them, scenarios and the console list them.
 */
public interface Mechanism {

    /** The key in the topology's {@code strategies}, e.g. {@code stock}. */
    String name();

    /** The service kind whose instances run the chosen strategy. */
    ComponentKind service();

    /** Every strategy, in the order a comparison shows them. */
    List<Strategy> strategies();

    /** The strategy a topology that names none runs. */
    String defaultStrategy();

    /**
     * One way to implement the mechanism.
     *
     * @param name   as written in the topology and on the command line
     * @param unsafe unsafe by design: it exists so the checkers have something to catch
     * @param needs  the store kinds the implementing service calls with this strategy, in the order its
     *               errors name them
     */
    record Strategy(String name, boolean unsafe, List<ComponentKind> needs) {

        public Strategy {
            needs = List.copyOf(needs);
        }

        public static Strategy safe(String name, ComponentKind... needs) {
            return new Strategy(name, false, List.of(needs));
        }

        public static Strategy unsafe(String name, ComponentKind... needs) {
            return new Strategy(name, true, List.of(needs));
        }
    }

    default List<String> strategyNames() {
        return strategies().stream().map(Strategy::name).toList();
    }

    default Set<String> unsafeStrategies() {
        return strategies().stream().filter(Strategy::unsafe).map(Strategy::name)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    default Optional<Strategy> strategy(String name) {
        return strategies().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
