package shoplab.scenarios;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shoplab up} stopped by SIGTERM, as a person's Ctrl-C or a supervisor would: the stack goes down in
 * dependency order and quietly (Redis stopped beside the services once made every Redis client log a stack
 * trace, Kafka's folder deleted under the running broker a hundred lines), and no redis-server is left.
 * The trade stack, in a child JVM: every store, and services that hold Redis and Kafka clients.
 */
class UpStopTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void sigtermStopsTheStackInAFewQuietLinesAndLeavesNoRedis() throws Exception {
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "shoplab.cli.ShopLabCli", "up",
                "--topology", "../topologies/single-dc.yaml", "--scenario", "duplicate-payment").start();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        Thread outReader = follow(up.getInputStream(), out::add);
        Thread errReader = follow(up.getErrorStream(), err::add);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (out.stream().noneMatch(l -> l.startsWith("Ctrl-C stops everything")) && up.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(out).as("up booted; stderr: %s", err).anyMatch(l -> l.startsWith("Ctrl-C stops everything"));
            Thread.sleep(2_000); // the services' clients connected and polling
            // Its children are its redis-servers (by name they cannot be told: Debian's is a link to redis-check-rdb).
            List<ProcessHandle> redis = up.descendants().toList();
            assertThat(redis).as("the stack's redis-server").isNotEmpty();
            int before = err.size();

            up.toHandle().destroy(); // SIGTERM (Process.destroy would also close the pipes, losing what it prints)
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up exits after SIGTERM").isTrue();
            outReader.join(5_000);
            errReader.join(5_000);

            List<String> stopping = List.copyOf(err).subList(before, err.size());
            assertThat(stopping).as("what stopping printed; all of stderr: %s", err).containsExactly(
                    "shoplab: stopping: the edge, the services, then the stores", "shoplab: stopped");
            assertThat(up.exitValue()).isEqualTo(143);
            assertThat(redis).as("no redis-server left").noneMatch(ProcessHandle::isAlive);
        } finally {
            if (up.isAlive()) { // a failed assertion: still let it tear its stack down, then make sure
                up.toHandle().destroy();
                up.waitFor(60, TimeUnit.SECONDS);
                up.destroyForcibly();
            }
        }
    }

    private static Thread follow(InputStream stream, Consumer<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                in.lines().forEach(lines);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // the child is gone
            }
        }, "up-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
