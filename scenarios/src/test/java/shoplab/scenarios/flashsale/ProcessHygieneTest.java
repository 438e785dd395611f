package shoplab.scenarios.flashsale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.report.Json;
import shoplab.run.Params;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.run.Scenario;
import shoplab.topology.TopologyLoader;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A failed run and a run stopped by SIGTERM leave no process, port or temporary folder behind. */
class ProcessHygieneTest {

    static final Path TOPOLOGY = Path.of("../topologies/single-dc.yaml");

    @Test
    void aFailedRunTearsItsStackDown(@TempDir Path out) throws Exception {
        FlashSale flashSale = new FlashSale();
        Scenario broken = (Scenario) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{Scenario.class}, (proxy, method, args) -> method.getName().equals("simulationClass")
                        ? "no.such.Simulation" : method.invoke(flashSale, args));
        Leftovers before = Leftovers.now();
        Params params = Params.resolve(flashSale.parameters(), Map.of());
        RunRequest req = new RunRequest(broken, TOPOLOGY, Files.readString(TOPOLOGY), TopologyLoader.load(TOPOLOGY),
                List.of("redis-lua"), params, 1, out.resolve("bundle"));
        assertThatThrownBy(() -> new Runner(line -> { }).run(req)).hasMessageContaining("load generator failed");
        assertThat(Json.MAPPER.readTree(out.resolve("bundle/results.json").toFile()).path("complete").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Leftovers left = before.newIn(Leftovers.now());
            assertThat(left.isEmpty()).as("left behind: %s", left).isTrue();
        });
    }

    @Test
    void sigtermMidRunStopsEverythingAndSavesAnIncompleteBundle(@TempDir Path out) throws Exception {
        Leftovers before = Leftovers.now();
        Path bundle = out.resolve("bundle");
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "shoplab.cli.ShopLabCli", "run", "flash-sale", "--topology", TOPOLOGY.toString(),
                "--strategy", "db-pessimistic", "--set", "users=5000", "--set", "rampMs=60000", "--out", bundle.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int ticks = 0;
            while (ticks < 2 && (line = lines.readLine()) != null) {
                if (line.matches(".*\\] load \\d+ s: .*")) {
                    ticks++; // the load generator has been running for a few seconds
                }
            }
            boolean loading = ticks == 2;
            assertThat(loading).as("the run reached its load phase").isTrue();
            cli.destroy(); // SIGTERM
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("the CLI exits after SIGTERM").isTrue();
        } finally {
            cli.destroyForcibly();
        }
        assertThat(Files.exists(bundle.resolve("index.html"))).isTrue();
        assertThat(Json.MAPPER.readTree(bundle.resolve("results.json").toFile()).path("complete").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Leftovers left = before.newIn(Leftovers.now());
            assertThat(left.isEmpty()).as("left behind: %s", left).isTrue();
            assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("FlashSaleSimulation")))
                    .as("no Gatling fork left").isEmpty();
        });
    }
}
