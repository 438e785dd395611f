package shoplab.stack.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;
import shoplab.stack.Lifecycle;
import shoplab.stack.Ports;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real redis-server child process on a loopback port. Uses a system redis-server from the PATH when
 * there is one (Redis 7 honours min-replicas-to-write in Lua), else the binary embedded-redis ships.
 * Snapshots are off ({@code save ""}): under load the default rules fork and write dump.rdb.
 *
 * <p>The lab starts the process itself and takes only the binary from embedded-redis: embedded-redis's
 * {@code RedisServer} registers a JVM shutdown hook per start that stops the server at once, beside the
 * lab's own teardown, so on Ctrl-C or SIGTERM Redis died under the services still connected to it and each
 * Redis client logged a stack trace. The stack stops this node after its services; {@link #LEFT_OVER}
 * catches what a JVM ending mid-boot leaves.
 */
public final class RedisNode implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RedisNode.class);

    /** How long a start may take to accept connections, and a stop to exit, before the lab gives up on it. */
    private static final long START_MILLIS = 10_000;
    private static final long STOP_MILLIS = 10_000;

    /**
     * The redis-server processes this JVM started and has not stopped. Held, not looked up by name: a system
     * redis-server may be a link to another binary (Debian's is redis-check-rdb), so its command says nothing.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    /**
     * On Ctrl-C the lab stops its stacks services first; a redis-server killed beside that by a hook of its
     * own only makes the services log lost connections. So one hook, once the stacks are closed (bounded),
     * kills whatever redis-server of this JVM is left (a stack that was still booting).
     */
    private static final Thread LEFT_OVER = new Thread(() -> {
        shoplab.stack.OpenStacks.awaitNone(15_000);
        RUNNING.forEach(Process::destroyForcibly);
    }, "redis-left-over");

    static {
        Runtime.getRuntime().addShutdownHook(LEFT_OVER);
    }

    private final String name;
    private final Path workDir;
    private int port = -1;
    private Process process;

    /** @param workDir a folder this node owns: the extracted binary, redis' dir, its config and log live there */
    public RedisNode(String name, Path workDir) {
        this.name = name;
        this.workDir = workDir;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path data = Files.createDirectories(workDir.resolve("data"));
        Files.createDirectories(workDir.resolve("bin"));
        if (port < 0) {
            port = Ports.freePort();
        }
        Path conf = workDir.resolve("redis.conf");
        Files.writeString(conf, String.join("\n",
                "bind 127.0.0.1",
                "port " + port,
                "save \"\"",
                "appendonly no",
                "dir \"" + data.toAbsolutePath() + "\"",
                "maxclients 2000",
                "daemonize no") + "\n");
        Path log = workDir.resolve("redis.log");
        // One redis-server starts at a time: a binary extracted while another thread forks is still open for
        // writing in that child, and exec fails with "Text file busy" (data centers boot in parallel).
        synchronized (RedisNode.class) {
            process = new ProcessBuilder(executable().get().getAbsolutePath(), conf.toAbsolutePath().toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            RUNNING.add(process);
        }
        awaitListening(log);
        LOG.debug("{} up on {}", name, port);
    }

    /** Returns once the server accepts connections; a server that exits or never listens is an error with its log's end. */
    private void awaitListening(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (!Ports.listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                RUNNING.remove(process);
                process = null;
                throw new IOException(name + ": redis-server did not start on port " + port + ": " + tail(log));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private ExecutableProvider executable() {
        return systemBinary().orElseGet(() -> ExecutableProvider.newJarResourceProvider(workDir.resolve("bin").toFile()));
    }

    private static java.util.Optional<ExecutableProvider> systemBinary() {
        try {
            return java.util.Optional.of(ExecutableProvider.newExecutableInPath("redis-server"));
        } catch (FileNotFoundException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Which redis-server binary runs: the system one or the embedded one. */
    public static String binary() {
        return systemBinary().isPresent() ? "system redis-server" : "embedded-redis 1.4.3 (redis 6.2)";
    }

    /** A shutdown: SIGTERM, and redis-server exits (nothing to save, snapshots are off). */
    @Override
    public synchronized void stop() {
        end(false);
    }

    /** A crash: SIGKILL to the redis-server process, no shutdown, no flush. */
    @Override
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean crash) {
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
                LOG.warn("{}: redis-server did not exit within {} ms; killed", name, STOP_MILLIS);
                p.destroyForcibly().waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        RUNNING.remove(p);
        awaitPortClosed();
    }

    /** redis-server exits asynchronously; callers (a restart, a leak check) need the port free. */
    private void awaitPortClosed() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        while (Ports.listening(port) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Override
    public synchronized boolean isUp() {
        return process != null && process.isAlive() && Ports.listening(port);
    }

    @Override
    public int port() {
        return port;
    }
}
