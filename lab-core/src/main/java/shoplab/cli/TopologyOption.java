package shoplab.cli;

import picocli.CommandLine.Option;
import shoplab.topology.Topology;
import shoplab.topology.TopologyException;
import shoplab.topology.TopologyLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The {@code --topology FILE} option every command that boots a stack takes, and its loading. */
final class TopologyOption {

    /** A topology as read: the file, its text (recorded in the bundle) and the validated model. */
    record Loaded(Path file, String yaml, Topology topology) {
    }

    @Option(names = "--topology", paramLabel = "FILE", defaultValue = "${sys:shoplab.home:-.}/topologies/single-dc.yaml",
            description = "the topology file (default: ${DEFAULT-VALUE})")
    Path file;

    /** Reads the file once and validates it; any problem is a one-line usage error naming file, line and field. */
    Loaded load() {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ShopLabCli.UsageError(file + ": no such file");
        } catch (IOException e) {
            throw new ShopLabCli.UsageError(file + ": cannot read: " + e.getMessage());
        }
        try {
            return new Loaded(file, yaml, TopologyLoader.parse(file.toString(), yaml));
        } catch (TopologyException e) {
            throw new ShopLabCli.UsageError(e.getMessage());
        }
    }
}
