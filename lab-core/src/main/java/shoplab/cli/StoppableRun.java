package shoplab.cli;

import shoplab.report.RunResults;
import shoplab.run.RunRequest;
import shoplab.run.Runner;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a request with a shutdown hook, so Ctrl-C or SIGTERM tears the stack down and saves the partial
 * bundle before the JVM exits (every child process and port released), as every command that runs does.
 */
final class StoppableRun {

    private StoppableRun() {
    }

    static RunResults run(Runner runner, RunRequest request) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.err.println("shoplab: stopping: tearing the stack down, saving the partial bundle");
            runner.abort();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shoplab-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runner.run(request);
        } finally {
            finished.countDown();
            // A run that ended (or failed) must not leave the hook behind: it would announce a teardown at exit.
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }
}
