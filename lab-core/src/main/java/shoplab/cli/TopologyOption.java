package shoplab.cli;

import picocli.CommandLine.Option;
import shoplab.topology.TopologyException;
import shoplab.topology.TopologyFile;

import java.nio.file.Path;

/** The {@code --topology FILE} option every command that boots a stack takes, and its loading. */
final class TopologyOption {

    @Option(names = "--topology", paramLabel = "FILE",
            description = "the topology file (default: the scenario's, e.g. topologies/single-dc.yaml)")
    Path file;

    /** Reads the file once and validates it; any problem is a one-line usage error naming file, line and field. */
    TopologyFile load() {
        return load("single-dc.yaml");
    }

    /** As {@link #load()}, with {@code defaultName} under the lab's topologies/ when no file was given. */
    TopologyFile load(String defaultName) {
        Path chosen = file != null ? file : Path.of(System.getProperty("shoplab.home", "."), "topologies", defaultName);
        try {
            return TopologyFile.read(chosen);
        } catch (TopologyException e) {
            throw new ShopLabCli.UsageError(e.getMessage());
        }
    }
}
