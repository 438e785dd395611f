package shoplab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shoplab.run.Parameter;
import shoplab.run.Scenario;
import shoplab.run.Scenarios;
import shoplab.topology.TopologyException;
import shoplab.topology.TopologyLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code shoplab list}: the scenarios with their parameters and strategies, and the topologies. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List scenarios (parameters, strategies) and topologies.")
final class ListCommand implements Callable<Integer> {

    @Option(names = "--topologies", paramLabel = "DIR", defaultValue = "${sys:shoplab.home:-.}/topologies",
            description = "where topology files live (default: ${DEFAULT-VALUE})")
    Path topologies;

    @Override
    public Integer call() throws IOException {
        System.out.println("Scenarios:");
        for (Scenario s : Scenarios.all()) {
            System.out.println("  " + s.name() + ": " + s.description());
            List<String> unsafe = s.strategies().stream().filter(s.unsafeStrategies()::contains).toList();
            System.out.println("    strategies (" + s.mechanism() + "): " + String.join(", ", s.strategies())
                    + (unsafe.isEmpty() ? "" : "; unsafe by design: " + String.join(", ", unsafe)));
            List<String> mutants = shoplab.topology.Mechanisms.get(s.mechanism()).mutantNames();
            if (!mutants.isEmpty()) {
                System.out.println("    mutants (shoplab mutate " + s.name() + "): " + String.join(", ", mutants));
            }
            int width = s.parameters().stream().mapToInt(p -> p.name().length() + 1).max().orElse(1);
            for (Parameter p : s.parameters()) {
                System.out.printf("    --set %-" + width + "s  default %-8s %s%n", p.name() + "=", p.defaultValue(),
                        p.description());
            }
        }
        System.out.println("Topologies (" + topologies + "):");
        if (Files.isDirectory(topologies)) {
            try (Stream<Path> files = Files.list(topologies)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    try {
                        var t = TopologyLoader.load(f);
                        System.out.println("  " + f + ": " + t.name() + " - " + t.description());
                    } catch (TopologyException e) {
                        System.out.println("  " + f + ": INVALID: " + e.getMessage());
                    }
                }
            }
        }
        return ExitCodes.OK;
    }
}
