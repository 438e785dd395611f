package shoplab.run;

import shoplab.topology.Topology;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a run needs, validated: the scenario, the topology (and the file it came from), the
 * strategies to compare, the resolved parameters, the seed, the bundle folder to write, and the scripted
 * faults (the same plan for every strategy; each names something of the topology and comes before the
 * load's end, {@link Scenario#loadEnd}). The CLI and the console both build one, so both are checked alike.
 */
public record RunRequest(Scenario scenario, Path topologyFile, String topologyYaml, Topology topology,
                         List<String> strategies, Params params, long seed, Path bundleDir, List<FaultStep> faults) {

    /** A run without scripted faults. */
    public RunRequest(Scenario scenario, Path topologyFile, String topologyYaml, Topology topology,
                      List<String> strategies, Params params, long seed, Path bundleDir) {
        this(scenario, topologyFile, topologyYaml, topology, strategies, params, seed, bundleDir, List.of());
    }

    public RunRequest {
        faults = List.copyOf(faults);
        strategies = List.copyOf(strategies);
        for (String s : strategies) {
            if (!scenario.runs(s)) {
                throw new IllegalArgumentException("unknown strategy '" + s + "' for " + scenario.name()
                        + " (expected one of: " + String.join(", ", scenario.strategies()) + ", or a mutant: shoplab list"
                        + (scenario.variantForms().isEmpty() ? "" : "; variants: " + scenario.variantForms()) + ")");
            }
        }
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("no strategy to run");
        }
        scenario.unsuitable(topology).ifPresent(why -> {
            throw new IllegalArgumentException(topologyFile + ": " + scenario.name() + " cannot run on topology '"
                    + topology.name() + "': " + why);
        });
        faults.forEach(f -> FaultTargets.check(f, topology));
        Optional<LoadEnd> end = scenario.loadEnd(params);
        for (FaultStep f : faults) { // the plan stops with the load: a step after it would be dropped unseen
            if (end.isPresent() && f.atMs() >= end.get().atMs()) {
                throw new IllegalArgumentException("--fault '" + f + "': after the load, which ends by "
                        + LoadEnd.seconds(end.get().atMs()) + " into the " + scenario.name() + " run ("
                        + end.get().reckoning() + "); give a time before it");
            }
        }
        for (String s : strategies) { // a strategy may need stores the topology's own choice did not
            List<shoplab.topology.Wiring.Missing> missing = shoplab.topology.Wiring.missing(
                    scenario.configure(topology, s));
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(topologyFile + ": with " + scenario.mechanism() + " strategy " + s
                        + ", " + missing.get(0).what());
            }
        }
    }
}
