package shoplab.cli;

import picocli.CommandLine.Option;
import shoplab.topology.TopologyException;
import shoplab.topology.TopologyFile;

import java.nio.file.Path;

/** The {@code --topology FILE} option every command that boots a stack takes, and its loading. */
final class TopologyOption {

    @Option(names = "--topology", paramLabel = "FILE", defaultValue = "${sys:shoplab.home:-.}/topologies/single-dc.yaml",
            description = "the topology file (default: ${DEFAULT-VALUE})")
    Path file;

    /** Reads the file once and validates it; any problem is a one-line usage error naming file, line and field. */
    TopologyFile load() {
        try {
            return TopologyFile.read(file);
        } catch (TopologyException e) {
            throw new ShopLabCli.UsageError(e.getMessage());
        }
    }
}
