package shoplab.ui.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.report.RunBundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Stop on the real stack, without the toolkit: the load ends, the stack is torn down with
 * no child process left (redis-server, the Gatling fork), and the partial run is saved, marked incomplete.
 */
class StopRunTest {

    @Test
    void stopMidRunLeavesNoChildProcessAndAnIncompleteBundle(@TempDir Path reports) throws Exception {
        ConsoleModel model = new ConsoleModel(UiThread.DIRECT, TopologyModelTest.TOPOLOGIES, reports);
        try {
            model.form().choose(List.of("redis-lua", "db-pessimistic"));
            model.form().set("users", "3000");
            model.form().set("rampMs", "60000");
            assertThat(model.startRun()).as(model.messageProperty().get()).isTrue();
            await(Duration.ofSeconds(90), () -> model.run().canInjectFaults()
                    && ProcessHandle.current().descendants().anyMatch(p -> p.info().command().orElse("").endsWith("java")));

            long stopAt = System.nanoTime();
            model.run().stop();

            await(Duration.ofSeconds(60), () -> !model.run().stateProperty().get().active());
            System.out.printf("stopped in %d ms%n", (System.nanoTime() - stopAt) / 1_000_000);
            assertThat(model.run().stateProperty().get()).as(model.run().statusProperty().get())
                    .isEqualTo(RunModel.State.STOPPED);
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
            Path bundle = model.shownProperty().get().bundleDirProperty().get();
            assertThat(RunBundle.open(bundle).readResults().complete()).isFalse();
            assertThat(model.run().statusProperty().get()).contains("stopped");
            assertThat(model.topology().node("redis").healthProperty().get()).isEqualTo(Health.IDLE);
        } finally {
            model.shutdown();
        }
    }

    /** Polls a condition the run changes from its own threads, bounded. */
    static void await(Duration bound, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + bound);
            }
            Thread.sleep(50);
        }
    }
}
