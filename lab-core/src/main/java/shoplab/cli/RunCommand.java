package shoplab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shoplab.report.ResultsTable;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.run.FaultStep;
import shoplab.run.Params;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.run.Scenario;
import shoplab.topology.Topology;
import shoplab.topology.TopologyFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code shoplab run SCENARIO}: boot, load, judge and report, per strategy on a fresh stack. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario and write a run bundle; the last line printed is the bundle's path.",
                "Without --strategy or --compare, every strategy of the scenario is compared."})
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "the scenario, e.g. flash-sale (see 'shoplab list')")
    String scenarioName;

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--strategy", paramLabel = "NAME", description = "run one strategy")
    String strategy;

    @Option(names = "--compare", paramLabel = "A,B,...", split = ",",
            description = "run these strategies on the same seeded load, each on a fresh stack")
    List<String> compare = new ArrayList<>();

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a scenario parameter (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--fault", paramLabel = "AT:ACTION:TARGET[:MS]",
            description = {"a scripted fault on the run clock (repeatable), the same for every strategy:",
                    "kill|restart an instance, a component or a data center (9s:kill:redis, 12s:restart:redis, 20s:kill:dc-a),",
                    "slow|cut|heal a link ('8s:slow:inventory->db:20', '10s:heal:inventory->db'; quote: > is a redirection),",
                    "partition|heal two data centers (20s:partition:dc-a/dc-b, 30s:heal:dc-a/dc-b);",
                    "with a traffic manager: isolate|heal a data center from every site and the traffic manager",
                    "(17s:isolate:dc-a, 30s:heal:dc-a), switch the traffic by hand (25s:switch:dc-b), bring the old",
                    "primary back as a replica (32s:rejoin:dc-a); a killed Redis",
                    "primary (12s:kill:dc-a/redis) is failed over to a replica's. `up` lists the targets.",
                    "The spike starts after Gatling's start and a 5 s warm-up, about 7 s into the run."})
    List<String> faultSpecs = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "the seed of every random choice (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "the bundle folder (default: reports/SCENARIO/TIMESTAMP)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = Inputs.scenario(scenarioName);
        TopologyFile loaded = topologyOption.load(scenario.defaultTopology());
        Topology topology = loaded.topology();
        Params params = Inputs.params(scenario, sets);
        if (strategy != null && !compare.isEmpty()) {
            throw new ShopLabCli.UsageError("give --strategy or --compare, not both");
        }
        List<String> strategies = strategy != null ? List.of(strategy) : compare.isEmpty() ? scenario.strategies() : compare;
        Path bundleDir = Inputs.bundleDir(out, scenario.name());
        RunRequest request;
        try {
            List<FaultStep> faults = new ArrayList<>(scenario.plannedFaults(params));
            faultSpecs.stream().map(FaultStep::parse).forEach(faults::add);
            faults.sort(java.util.Comparator.comparingLong(FaultStep::atMs));
            request = new RunRequest(scenario, loaded.file(), loaded.yaml(), topology, strategies, params,
                    seed, bundleDir, faults);
        } catch (IllegalArgumentException e) {
            throw new ShopLabCli.UsageError(e.getMessage());
        }
        // Last of the checks, since it makes the folder: nothing is left behind by a run refused for another reason.
        Inputs.outputFolder(out != null ? "--out" : "bundle folder", bundleDir);
        System.err.println("shoplab: " + scenario.name() + " on " + topology.name() + ", strategies "
                + String.join(", ", strategies) + ", seed " + seed + " -> " + bundleDir);
        RunResults results = StoppableRun.run(new Runner(line -> System.err.println(line)), request);
        System.out.println(ResultsTable.render(results, scenario.presentation()));
        System.out.println("report: " + bundleDir.resolve(RunBundle.INDEX_HTML));
        System.out.println(bundleDir);
        return ExitCodes.of(results);
    }
}
