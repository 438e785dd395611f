package shoplab.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage errors exit 1 with one line naming what is wrong, before anything boots. */
class CliUsageTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ShopLabCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void aTopologyWithATypoExitsOneNamingFileLineAndField(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(Path.of("../topologies/single-dc.yaml"))
                .replace("instances: 2", "instancs: 2"));
        int code = run("up", "--topology", bad.toString());
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).startsWith("shoplab: " + bad + ":")
                .contains("unknown field 'instancs'").doesNotContain("\n");
    }

    @Test
    void aServiceWithNothingToCallExitsOneBeforeAnythingBoots(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bad = dir.resolve("no-redis.yaml");
        String yaml = Files.readString(Path.of("../topologies/single-dc.yaml"));
        Files.writeString(bad, yaml.replace("      - { name: redis, kind: redis }\n", "")
                .replace("  - { from: inventory, to: redis, latencyMs: 0.1 }\n", "")
                .replaceAll("  - \\{ from: order, to: redis.*\n", ""));
        int code = run("up", "--topology", bad.toString());
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).startsWith("shoplab: " + bad + ":")
                .contains("the inventory-service 'inventory' calls a redis (stock: redis-lua) and dc1 has none")
                .doesNotContain("\n");
    }

    @Test
    void aTopologyThatIsNotARegularFileExitsOneInOneLine() {
        assertThat(run("up", "--topology", "/dev/zero")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo("shoplab: /dev/zero: not a regular file");
    }

    @Test
    void aBundleWithAFileThatIsNotRegularExitsOneInOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        shoplab.report.RunBundle.create(dir).writeSpec(new shoplab.run.RunSpec("flash-sale", "now", "t", "t.yaml", "",
                "stock", java.util.List.of("naive"), java.util.Map.of(), 1, java.util.List.of(), java.util.Map.of(), null, null));
        Files.createSymbolicLink(dir.resolve("results.json"), Path.of("/dev/zero"));
        assertThat(run("report", dir.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo("shoplab: " + dir.resolve("results.json") + ": not a regular file");
    }

    @Test
    void unknownOptionsAndMissingArgumentsAreUsageErrors() {
        assertThat(run("run")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("run", "flash-sale", "--bogus")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("report", "/no/such/bundle")).isEqualTo(ExitCodes.USAGE);
    }
}
