package shoplab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shoplab.checks.Verdict;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.run.Params;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.run.Scenario;
import shoplab.topology.TopologyFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code shoplab soak SCENARIO --runs N}: the false-alarm hunt. Runs the scenario's safe strategies on N
 * seeds, one bundle per seed, and lists every violation with the bundle that holds it. A safe strategy
 * never violates a check, so any line it prints is a false alarm of a checker or a real bug: 0 expected.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Run the scenario's safe strategies on N seeds and list every violation with its bundle;",
                "exit 3 if there is any (none is expected)."})
final class SoakCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "the scenario, e.g. flash-sale (see 'shoplab list')")
    String scenarioName;

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--runs", defaultValue = "5", description = "how many seeds, 1 to 1000 (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--first-seed", defaultValue = "1", description = "the first seed; the others follow (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a scenario parameter (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "the folder of the bundles, one per seed (default: reports/SCENARIO-soak/TIMESTAMP)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = Inputs.scenario(scenarioName);
        if (runs < 1 || runs > 1000) {
            throw new ShopLabCli.UsageError("--runs must be 1 to 1000, was " + runs);
        }
        TopologyFile loaded = topologyOption.load(scenario.defaultTopology());
        Params params = Inputs.params(scenario, sets);
        List<String> safe = scenario.strategies().stream().filter(s -> !scenario.unsafeStrategies().contains(s)).toList();
        Path dir = Inputs.outputFolder(out != null ? "--out" : "soak folder", Inputs.bundleDir(out, scenario.name() + "-soak"));
        List<RunRequest> requests = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long seed = firstSeed + i;
            try {
                requests.add(new RunRequest(scenario, loaded.file(), loaded.yaml(), loaded.topology(), safe, params, seed,
                        dir.resolve("seed-" + seed), scenario.plannedFaults(params)));
            } catch (IllegalArgumentException e) {
                throw new ShopLabCli.UsageError(e.getMessage());
            }
        }
        System.err.println("shoplab: soak " + scenario.name() + ": " + String.join(", ", safe) + " on seeds " + firstSeed
                + ".." + (firstSeed + runs - 1) + " -> " + dir);
        List<String> alarms = new ArrayList<>();
        int incomplete = 0;
        for (RunRequest request : requests) {
            System.err.println("shoplab: seed " + request.seed() + " (" + (requests.indexOf(request) + 1) + " of " + runs + ")");
            RunResults results = StoppableRun.run(new Runner(line -> { }), request);
            List<String> found = new ArrayList<>();
            for (StrategyResult r : results.strategies()) {
                for (Verdict v : r.checks()) {
                    if (!v.valid()) {
                        found.add("seed " + request.seed() + " " + r.name() + " " + v.name() + ": "
                                + (v.examples().isEmpty() ? v.violations() + " violations" : v.examples().get(0))
                                + "  (" + request.bundleDir() + ")");
                    }
                }
            }
            if (!results.complete()) {
                incomplete++;
                found.add("seed " + request.seed() + ": the run did not complete (" + request.bundleDir() + ")");
            }
            alarms.addAll(found);
            System.out.println("seed " + request.seed() + ": " + (found.isEmpty() ? "every check holds for " + String.join(", ", safe)
                    : found.size() + " violation(s)"));
            found.forEach(f -> System.out.println("  " + f));
        }
        System.out.println(runs + " runs, " + safe.size() + " safe strategies each: " + alarms.size() + " violation(s)"
                + (incomplete == 0 ? "" : ", " + incomplete + " incomplete run(s)"));
        System.out.println(dir);
        return incomplete > 0 ? ExitCodes.LAB_ERROR : alarms.isEmpty() ? ExitCodes.OK : ExitCodes.VIOLATION;
    }
}
