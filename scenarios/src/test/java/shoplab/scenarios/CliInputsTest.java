package shoplab.scenarios;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import shoplab.cli.ExitCodes;
import shoplab.cli.ShopLabCli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI with the real scenarios: input that cannot work is a usage error (exit 1, one line naming what is
 * wrong) before anything boots, and leaves no shutdown hook that would announce a teardown at exit.
 */
class CliInputsTest {

    static final String TOPOLOGY = "../topologies/single-dc.yaml";

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ShopLabCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    private String oneLine() {
        String text = err.toString().strip();
        assertThat(text).doesNotContain("\n").doesNotContain("Exception").doesNotContain("tearing");
        return text;
    }

    @Test
    void anOutThatCannotBeAFolderIsAUsageError(@TempDir Path dir) throws Exception {
        assertThat(run("run", "flash-sale", "--topology", TOPOLOGY, "--out", "/proc/x")).isEqualTo(ExitCodes.USAGE);
        assertThat(oneLine()).startsWith("shoplab: --out /proc/x: cannot be created (");
        assertThat(labHooks()).isEmpty();

        err.getBuffer().setLength(0);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(run("run", "flash-sale", "--topology", TOPOLOGY, "--out", file.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(oneLine()).isEqualTo("shoplab: --out " + file + ": not a folder (a file of that name exists)");

        err.getBuffer().setLength(0);
        assertThat(run("bench", "--topology", TOPOLOGY, "--out", "/proc/x")).isEqualTo(ExitCodes.USAGE);
        assertThat(oneLine()).startsWith("shoplab: --out /proc/x: cannot be created (");
        assertThat(labHooks()).isEmpty();
    }

    @Test
    void aFaultAfterTheLoadIsAUsageErrorNamingTheStepAndTheLoadsEnd(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bundle");
        assertThat(run("run", "flash-sale", "--topology", TOPOLOGY, "--strategy", "redis-lua", "--fault", "8s:kill:redis",
                "--fault", "60s:restart:redis", "--out", out.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(oneLine()).isEqualTo("shoplab: --fault '60.0s:restart:redis': after the load, which ends by 29 s into"
                + " the flash-sale run (2 s generator start + 5 s warm-up + 1 s to the opening + rampMs 1000 ms + 20 s for 2000 buyers at 100/s"
                + " or more); give a time before it");
        assertThat(out).as("refused before anything was made").doesNotExist();

        err.getBuffer().setLength(0); // the load's end follows the parameters
        assertThat(run("run", "duplicate-payment", "--topology", TOPOLOGY, "--set", "users=100", "--set", "rampMs=1000",
                "--fault", "9s:kill:redis", "--out", "/proc/x")).as("the fault passes, the folder does not")
                .isEqualTo(ExitCodes.USAGE);
        assertThat(oneLine()).startsWith("shoplab: --out /proc/x:");
        err.getBuffer().setLength(0);
        assertThat(run("run", "duplicate-payment", "--topology", TOPOLOGY, "--set", "users=100", "--set", "rampMs=1000",
                "--fault", "12s:kill:redis")).isEqualTo(ExitCodes.USAGE);
        assertThat(oneLine()).startsWith("shoplab: --fault '12.0s:kill:redis': after the load, which ends by 11 s into"
                + " the duplicate-payment run");
    }

    /** The CLI's shutdown hooks still registered in this JVM (the surefire JVM opens java.lang for this). */
    @SuppressWarnings("unchecked")
    static java.util.List<String> labHooks() throws Exception {
        Field hooks = Class.forName("java.lang.ApplicationShutdownHooks").getDeclaredField("hooks");
        hooks.setAccessible(true);
        synchronized (Class.forName("java.lang.ApplicationShutdownHooks")) {
            return ((Map<Thread, Thread>) hooks.get(null)).keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("shoplab-")).toList();
        }
    }
}
