package shoplab.run;

import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.report.Presentation;
import shoplab.stack.Stack;
import shoplab.stack.StackOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario, whole: a load (a Gatling simulation), typed parameters, the strategies of one mechanism it
 * can compare, what its stack needs, how to read that stack ({@link Probe}), the checkers that judge it,
 * the figures it reports and how they are shown ({@link Presentation}). Implementations live in their own
 * package of the scenarios module and are found with {@link java.util.ServiceLoader}; the shared packages
 * know none of them.
 */
public interface Scenario {

    String name();

    String description();

    List<Parameter> parameters();

    /** The mechanism the strategies choose for (a key of the topology's {@code strategies}). */
    String mechanism();

    /** Every strategy the scenario can run; also the default comparison. The mechanism's, unless narrowed. */
    default List<String> strategies() {
        return shoplab.topology.Mechanisms.get(mechanism()).strategyNames();
    }

    /**
     * The topology one strategy runs on: the mechanism's strategy set. A scenario whose strategies are named
     * variants over several mechanisms (replication and protection) sets each.
     *
     * @throws IllegalArgumentException when the topology cannot run it (says why)
     */
    default shoplab.topology.Topology configure(shoplab.topology.Topology topology, String strategy) {
        return topology.withStrategy(mechanism(), strategy);
    }

    /** How its variant names are formed, for an error naming an unknown one (empty: it has none). */
    default String variantForms() {
        return "";
    }

    /** Whether it can run this strategy: one of {@link #strategies}, or a mutant of its mechanism. */
    default boolean runs(String strategy) {
        return strategies().contains(strategy) || shoplab.topology.Mechanisms.get(mechanism()).mutantNames().contains(strategy);
    }

    /** Strategies that are unsafe by design, and the mutants: their violations are expected, not failures. */
    default Set<String> unsafeStrategies() {
        return shoplab.topology.Mechanisms.get(mechanism()).unsafeStrategies();
    }

    /** The operation whose rate and latency the results report ({@code attempts}, {@code p99Ms}...). */
    default String measuredOperation() {
        return shoplab.history.Op.BUY;
    }

    /** Where the load goes: normally the entry (the CDN); a benchmark may aim at one service directly. */
    default java.net.URI target(Stack stack) {
        return stack.entryUrl();
    }

    /** The fully qualified class name of the Gatling simulation. */
    String simulationClass();

    /** What the stack needs for this scenario; {@code seed} is the run's (a provider's storm draws from it). */
    StackOptions stackOptions(Params params, long seed, Path workDir);

    /** System properties for the load generator (besides the entry URL, history port and clock). */
    Map<String, String> loadProperties(Params params, long seed);

    /**
     * The load's properties, knowing the booted stack: by default {@link #loadProperties(Params, long)}. A scenario
     * whose load also calls inside the data center (a merchant back office the entry never routes) names the
     * service's address here.
     */
    default Map<String, String> loadProperties(Params params, long seed, Stack stack) {
        return loadProperties(params, seed);
    }

    List<Checker> checkers();

    /**
     * How to read a stack booted for this scenario: its samples, its quiet condition and bound, its
     * final-state snapshot (which its checkers read). {@code epochMs} is the wall-clock instant the run's
     * clock started, for times the stack records on its own clock.
     */
    Probe probe(Stack stack, Params params, long epochMs);

    /**
     * The scenario's figures of one strategy for results.json (e.g. the flash sale's {@code oversold}), in
     * column order, taken from its checkers' verdicts and the final state; a figure that could not be
     * measured is left out, never made up.
     */
    Map<String, Number> figures(List<Verdict> verdicts, FinalState state);

    /**
     * The figures, when they need the history too (who got the units, what the load read): by default the
     * verdicts' and the final state's ({@link #figures(List, FinalState)}).
     */
    default Map<String, Number> figures(List<Verdict> verdicts, shoplab.checks.CheckInput run) {
        return figures(verdicts, run.finalState());
    }

    /**
     * Just before the load starts, on the booted stack: what the stack needs to know of the run's clock
     * ({@code epochMs}, the wall-clock instant it started), e.g. when a sale opens. Nothing by default.
     */
    default void beforeLoad(Stack stack, Params params, long epochMs) throws Exception {
    }

    /** Its figure columns, charts and report text: saved with the run, drawn by the report and the console. */
    Presentation presentation();

    /**
     * A generated history of about {@code operations} client operations, with its final state, in which
     * every checker of the scenario holds: what {@code shoplab bench --checkers} times the checkers on (and
     * what shows they raise no false alarm at scale). Empty when the scenario has none.
     */
    default java.util.Optional<shoplab.checks.CheckInput> syntheticHistory(int operations, long seed) {
        return java.util.Optional.empty();
    }

    /**
     * The parameters {@code shoplab mutate} runs each mutant with: a short run in which every safeguard of
     * the mechanism is exercised (rivals forced to meet, the storm's every kind present), so a mutant
     * survives only if no checker can see its bug. Empty: the defaults.
     */
    default Map<String, String> mutationParams() {
        return Map.of();
    }

    /** Commands a person can try by hand against a stack booted for this scenario ({@code shoplab up}). */
    default List<String> tryByHand(java.net.URI entry, Params params) {
        return List.of();
    }

    /**
     * When the load is over at the latest, as the parameters plan it: a scripted fault after it would never
     * run and is refused. Empty when the scenario cannot say (no fault is then refused for its time).
     */
    default java.util.Optional<LoadEnd> loadEnd(Params params) {
        return java.util.Optional.empty();
    }

    /** The topology file (under the lab's topologies/) a run uses when none is given. */
    default String defaultTopology() {
        return "single-dc.yaml";
    }

    /** Faults the scenario itself plans (the failover's data center dying), run before any the user adds. */
    default List<FaultStep> plannedFaults(Params params) {
        return List.of();
    }

    /** Why this scenario cannot run on a topology (it needs data centers, a traffic manager...); empty when it can. */
    default java.util.Optional<String> unsuitable(shoplab.topology.Topology topology) {
        return java.util.Optional.empty();
    }

    /** An upper bound on the load phase, so a stuck run ends. */
    default long loadTimeoutSeconds(Params params) {
        return 300;
    }
}
