package shoplab.stack.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import shoplab.stack.Lifecycle;
import shoplab.stack.Ports;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real redis-server child process on a loopback port. Uses a system redis-server from the PATH when
 * there is one (Redis 7 honours min-replicas-to-write in Lua), else the binary embedded-redis ships.
 * Snapshots are off ({@code save ""}): under load the default rules fork and write dump.rdb.
 */
public final class RedisNode implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RedisNode.class);

    /**
     * On Ctrl-C the lab stops its stacks services first; a redis-server killed beside that by a hook of its
     * own only makes the services log lost connections. So one hook, once the stacks are closed (bounded),
     * kills whatever redis-server of this JVM is left (a stack that was still booting).
     */
    private static final Thread LEFT_OVER = new Thread(() -> {
        shoplab.stack.OpenStacks.awaitNone(15_000);
        ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }, "redis-left-over");

    static {
        Runtime.getRuntime().addShutdownHook(LEFT_OVER);
    }

    private final String name;
    private final Path workDir;
    private int port = -1;
    private RedisServer server;

    /** @param workDir a folder this node owns: the extracted binary and redis' dir live there */
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
        if (server != null && server.isActive()) {
            return;
        }
        Files.createDirectories(workDir.resolve("data"));
        Files.createDirectories(workDir.resolve("bin"));
        if (port < 0) {
            port = Ports.freePort();
        }
        // One redis-server starts at a time: a binary extracted while another thread forks is still open for
        // writing in that child, and exec fails with "Text file busy" (data centers boot in parallel).
        synchronized (RedisNode.class) {
            server = build();
            server.start();
        }
        LOG.debug("{} up on {}", name, port);
    }

    private RedisServer build() throws IOException {
        return RedisServer.newRedisServer()
                .executableProvider(executable())
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("dir " + workDir.resolve("data").toAbsolutePath())
                .setting("maxclients 2000")
                .onShutdownForceStop(false) // see LEFT_OVER: after the lab's own shutdown, not beside it
                .build();
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

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot stop redis-server", e);
        } finally {
            server = null;
        }
        awaitPortClosed();
    }

    /** A crash: SIGKILL to the redis-server process, no shutdown, no flush. */
    @Override
    public synchronized void kill() {
        if (server == null) {
            return;
        }
        ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("redis-server") && c.contains(":" + port)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        stop(); // reaps what is left and releases embedded-redis' handles
    }

    /** redis-server exits asynchronously; callers (a restart, a leak check) need the port free. */
    private void awaitPortClosed() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (Ports.listening(port) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Override
    public boolean isUp() {
        RedisServer s = server;
        return s != null && s.isActive() && Ports.listening(port);
    }

    @Override
    public int port() {
        return port;
    }
}
