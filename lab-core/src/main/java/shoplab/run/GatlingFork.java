package shoplab.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Gatling simulation in a forked JVM (isolation from the stack it loads, and the path to several
 * injector machines). The fork gets this JVM's classpath and the run's parameters as system properties;
 * its output goes to a log file in the bundle. It is destroyed, with its children, when the run stops.
 */
public final class GatlingFork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatlingFork.class);

    private final String simulationClass;
    private final Map<String, String> properties;
    private final Path resultsDir;
    private final Path logFile;
    /** Set by run(), read by close() from another thread (Stop, Ctrl-C). */
    private volatile Process process;
    private boolean closed;

    public GatlingFork(String simulationClass, Map<String, String> properties, Path resultsDir, Path logFile) {
        this.simulationClass = simulationClass;
        this.properties = Map.copyOf(properties);
        this.resultsDir = resultsDir;
        this.logFile = logFile;
    }

    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-XX:+UseParallelGC");
        cmd.add("--add-opens");
        cmd.add("java.base/java.lang=ALL-UNNAMED");
        // No warm-up call to an outside URL, no analytics call home.
        cmd.add("-Dgatling.http.warmUpUrl=");
        cmd.add("-Dgatling.data.enableAnalytics=false");
        cmd.add("-Dgatling.http.requestTimeout=30000");
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.gatling.app.Gatling");
        cmd.add("--simulation");
        cmd.add(simulationClass);
        cmd.add("--results-folder");
        cmd.add(resultsDir.toAbsolutePath().toString());
        cmd.add("--launcher");
        cmd.add("shoplab");
        return cmd;
    }

    /**
     * Runs the simulation to its end, at most {@code timeoutSeconds}; returns Gatling's exit code (0 ok,
     * 2 assertions failed). Throws when it cannot start or times out (the fork is then destroyed).
     */
    public int run(long timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(resultsDir);
        Files.createDirectories(logFile.getParent());
        ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        synchronized (this) {
            if (closed) {
                throw new InterruptedException("the load generator was stopped before it started");
            }
            p = pb.start();
            process = p; // a close() from now on finds it; one before it was refused above
        }
        LOG.debug("gatling fork pid {}", p.pid());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            close();
            throw new IOException("the load generator did not finish within " + timeoutSeconds + " s; see " + logFile);
        }
        return p.exitValue();
    }

    /** The folder of Gatling's HTML report, once the run is over. */
    public Path reportDir() throws IOException {
        try (var dirs = Files.list(resultsDir)) {
            return dirs.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("index.html")))
                    .findFirst().orElse(null);
        }
    }

    @Override
    public void close() {
        Process p;
        synchronized (this) {
            closed = true;
            p = process;
        }
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
