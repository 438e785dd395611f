package shoplab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shoplab.report.MutationMatrix;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.run.Params;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.run.Scenario;
import shoplab.topology.Mechanism;
import shoplab.topology.Mechanisms;
import shoplab.topology.TopologyFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code shoplab mutate SCENARIO}: proof that the checkers catch the bugs they exist for. Runs the scenario
 * once per mutant of its mechanism (a safe strategy with one safeguard removed, from the mechanism's
 * descriptor), with the scenario's mutation parameters (short, every safeguard exercised, rivals forced to
 * meet), and shows which checker caught which mutant. A mutant no checker catches fails the command.
 */
@Command(name = "mutate", mixinStandardHelpOptions = true,
        description = {"Run each mutant of the scenario's safe strategies (one safeguard removed) and show which checker",
                "catches it, as a matrix in the terminal and mutation.html in the bundle. Exit 3 if any survives."})
final class MutateCommand implements Callable<Integer> {

    static final String MATRIX_HTML = "mutation.html";

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "the scenario, e.g. flash-sale (see 'shoplab list')")
    String scenarioName;

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--mutant", paramLabel = "NAME", description = "run only these mutants (repeatable; default: all)")
    List<String> only = new ArrayList<>();

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "override a parameter (repeatable), on top of the scenario's mutation parameters")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "the seed of every random choice (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "the bundle folder (default: reports/SCENARIO-mutate/TIMESTAMP)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = Inputs.scenario(scenarioName);
        TopologyFile loaded = topologyOption.load(scenario.defaultTopology());
        Mechanism mechanism = Mechanisms.get(scenario.mechanism());
        Map<String, MutationMatrix.Mutant> what = new LinkedHashMap<>();
        mechanism.mutants().forEach(m -> what.put(m.name(), new MutationMatrix.Mutant(m.name(), m.what(), m.equivalent())));
        if (what.isEmpty()) {
            throw new ShopLabCli.UsageError(scenario.name() + ": its mechanism '" + mechanism.name() + "' declares no mutants");
        }
        for (String m : only) {
            if (!what.containsKey(m)) {
                throw new ShopLabCli.UsageError("unknown mutant '" + m + "' (known: " + String.join(", ", what.keySet()) + ")");
            }
        }
        if (!only.isEmpty()) {
            what.keySet().retainAll(only);
        }
        List<String> settings = new ArrayList<>();
        scenario.mutationParams().forEach((k, v) -> settings.add(k + "=" + v));
        settings.addAll(sets);
        Params params = Inputs.params(scenario, settings);
        Path bundleDir = Inputs.bundleDir(out, scenario.name() + "-mutate");
        RunRequest request;
        try {
            request = new RunRequest(scenario, loaded.file(), loaded.yaml(), loaded.topology(), List.copyOf(what.keySet()),
                    params, seed, bundleDir, scenario.plannedFaults(params));
        } catch (IllegalArgumentException e) {
            throw new ShopLabCli.UsageError(e.getMessage());
        }
        Inputs.outputFolder(out != null ? "--out" : "bundle folder", bundleDir);
        System.err.println("shoplab: mutate " + scenario.name() + ": " + what.size() + " mutants, seed " + seed + " -> " + bundleDir);
        RunResults results = StoppableRun.run(new Runner(line -> System.err.println(line)), request);
        MutationMatrix matrix = MutationMatrix.of(results, List.copyOf(what.values()));
        System.out.print(matrix.text());
        Path page = RunBundle.open(bundleDir).dir().resolve(MATRIX_HTML);
        Files.writeString(page, matrix.html(scenario.name() + ": which checker catches which mutant"));
        List<String> survivors = matrix.survivors();
        System.out.println(survivors.isEmpty() ? "every mutant killed (but the equivalent ones, if any)"
                : "SURVIVED (a hole in the lab): " + String.join(", ", survivors));
        System.out.println("matrix: " + page);
        System.out.println("report: " + bundleDir.resolve(RunBundle.INDEX_HTML));
        if (!results.complete()) {
            return ExitCodes.LAB_ERROR;
        }
        return survivors.isEmpty() ? ExitCodes.OK : ExitCodes.VIOLATION;
    }
}
