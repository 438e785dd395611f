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
     * @param others what other services call with this strategy (the queued order path: the order service
     *               calls Redis and Kafka itself)
     */
    record Strategy(String name, boolean unsafe, List<ComponentKind> needs, java.util.Map<ComponentKind, List<ComponentKind>> others) {

        public Strategy {
            needs = List.copyOf(needs);
            others = java.util.Map.copyOf(others);
        }

        public Strategy(String name, boolean unsafe, List<ComponentKind> needs) {
            this(name, unsafe, needs, java.util.Map.of());
        }

        /** This strategy, with {@code service} calling {@code kinds} too. */
        public Strategy alsoCalling(ComponentKind service, ComponentKind... kinds) {
            java.util.Map<ComponentKind, List<ComponentKind>> all = new java.util.EnumMap<>(ComponentKind.class);
            all.putAll(others);
            all.put(service, List.of(kinds));
            return new Strategy(name, unsafe, needs, all);
        }

        /** What a component of {@code kind} calls with this strategy, when it runs the mechanism or not. */
        public List<ComponentKind> calls(ComponentKind kind, ComponentKind mechanismService) {
            List<ComponentKind> all = new java.util.ArrayList<>(kind == mechanismService ? needs : List.of());
            all.addAll(others.getOrDefault(kind, List.of()));
            return all;
        }

        public static Strategy safe(String name, ComponentKind... needs) {
            return new Strategy(name, false, List.of(needs));
        }

        public static Strategy unsafe(String name, ComponentKind... needs) {
            return new Strategy(name, true, List.of(needs));
        }
    }

    /**
     * A safe strategy with one of its safeguards removed: run by {@code shoplab mutate} to prove that some
     * checker catches the bug the safeguard exists for. It runs like any strategy, by its name
     * ({@code db-pessimistic-without-for-update}), unsafe and needing what its strategy needs; a run compares
     * the strategies only, never the mutants, unless asked.
     *
     * @param strategy   the safe strategy it mutates
     * @param safeguard  the safeguard removed, a short name
     * @param what       what the safeguard does, for the matrix
     * @param equivalent null, or why no run can show this removal (another safeguard of the strategy already
     *                   stops the same bug: a second line); such a mutant is run and shown, but its survival
     *                   is not a hole in the lab
     */
    record Mutant(String strategy, String safeguard, String what, String equivalent) {

        public Mutant(String strategy, String safeguard, String what) {
            this(strategy, safeguard, what, null);
        }

        public String name() {
            return strategy + "-without-" + safeguard;
        }
    }

    /** The mutants of this mechanism's safe strategies, one per safeguard; none by default. */
    default List<Mutant> mutants() {
        return List.of();
    }

    default List<String> strategyNames() {
        return strategies().stream().map(Strategy::name).toList();
    }

    default List<String> mutantNames() {
        return mutants().stream().map(Mutant::name).toList();
    }

    /** The unsafe strategies and every mutant. */
    default Set<String> unsafeStrategies() {
        Set<String> unsafe = new java.util.LinkedHashSet<>();
        strategies().stream().filter(Strategy::unsafe).map(Strategy::name).forEach(unsafe::add);
        unsafe.addAll(mutantNames());
        return java.util.Collections.unmodifiableSet(unsafe);
    }

    /** A strategy by name, or a mutant as the unsafe strategy it is (needing what its strategy needs). */
    default Optional<Strategy> strategy(String name) {
        Optional<Strategy> s = strategies().stream().filter(x -> x.name().equals(name)).findFirst();
        if (s.isPresent()) {
            return s;
        }
        return mutants().stream().filter(m -> m.name().equals(name)).findFirst()
                .flatMap(m -> strategies().stream().filter(x -> x.name().equals(m.strategy())).findFirst()
                        .map(base -> new Strategy(name, true, base.needs(), base.others())));
    }
}
