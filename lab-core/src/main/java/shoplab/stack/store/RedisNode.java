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

/**
 * A real redis-server child process on a loopback port. Uses a system redis-server from the PATH when
 * there is one (Redis 7 honours min-replicas-to-write in Lua), else the binary embedded-redis ships.
 * Snapshots are off ({@code save ""}): under load the default rules fork and write dump.rdb. The lab takes
 * only the binary from embedded-redis and runs it as a {@link ChildProcess} (why: there).
 */
public final class RedisNode implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RedisNode.class);

    /** How long a start may take to accept connections before the lab gives up on it. */
    private static final long START_MILLIS = 10_000;

    private final String name;
    private final Path workDir;
    private final ChildProcess process;
    private int port = -1;
    /** The primary this node follows (its port), kept across a restart: -1 while it is a primary. */
    private int primaryPort = -1;
    private io.lettuce.core.RedisClient adminClient;
    private io.lettuce.core.api.StatefulRedisConnection<String, String> adminConnection;

    /** @param workDir a folder this node owns: the extracted binary, redis' dir, its config and log live there */
    public RedisNode(String name, Path workDir) {
        this.name = name;
        this.workDir = workDir;
        this.process = new ChildProcess(name, "redis-server");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() throws IOException {
        if (process.alive()) {
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
                // A replica's first sync starts at once (Redis waits 5 s for more replicas by default: a replica
                // promoted within those seconds was empty, and the sale it took over sold nothing).
                "repl-diskless-sync-delay 0",
                "daemonize no",
                primaryPort < 0 ? "" : "replicaof 127.0.0.1 " + primaryPort) + "\n");
        String binary;
        synchronized (RedisNode.class) { // the embedded binary is extracted once at a time
            binary = executable().get().getAbsolutePath();
        }
        process.start(new ProcessBuilder(binary, conf.toAbsolutePath().toString()).directory(workDir.toFile()),
                workDir.resolve("redis.log"), port, START_MILLIS);
        LOG.debug("{} up on {}", name, port);
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

    // ---- replication (the lab's own connection, straight to the server) ----

    /** Follows the primary reached at {@code primaryPort} (the site link's proxy in front of it); a replica is read-only. */
    public synchronized void replicaOf(int primaryPort) {
        this.primaryPort = primaryPort;
        admin(c -> c.replicaof("127.0.0.1", primaryPort));
    }

    /** Waits (bounded) until this replica's link to its primary is up: its first sync is done. */
    public void awaitSynced(java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!replicationInfo().linkUp()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": its first sync with its primary did not finish within " + within);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Stops following and takes writes (REPLICAOF NO ONE), keeping what it has. */
    public synchronized void promote() {
        primaryPort = -1;
        admin(c -> c.replicaofNoOne());
    }

    /**
     * Replication as INFO reports it: the role, whether a replica's link to its primary is up, and the
     * replication offset (a primary's written bytes, a replica's received ones: their difference is its lag).
     */
    public record ReplicationInfo(String role, boolean linkUp, long offset) {
    }

    public ReplicationInfo replicationInfo() {
        String info = admin(c -> c.info("replication"));
        java.util.Map<String, String> v = new java.util.HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                v.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        String role = v.getOrDefault("role", "?");
        long offset = Long.parseLong(v.getOrDefault("master".equals(role) ? "master_repl_offset" : "slave_repl_offset", "0"));
        return new ReplicationInfo(role, "up".equals(v.get("master_link_status")), offset);
    }

    /** One command on the lab's connection, opened on first use and dropped when it fails or the server stops. */
    private synchronized <T> T admin(java.util.function.Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> command) {
        if (adminClient == null) {
            adminClient = io.lettuce.core.RedisClient.create(io.lettuce.core.RedisURI.builder()
                    .withHost("127.0.0.1").withPort(port).withTimeout(java.time.Duration.ofSeconds(2)).build());
        }
        try {
            if (adminConnection == null) {
                adminConnection = adminClient.connect();
            }
            return command.apply(adminConnection.sync());
        } catch (RuntimeException e) {
            closeAdmin();
            throw e;
        }
    }

    /** Closed before the server stops, and waited for: a connection still open would try to reconnect, and say so. */
    private void closeAdmin() {
        if (adminConnection != null) {
            adminConnection.close();
            adminConnection = null;
        }
        if (adminClient != null) {
            adminClient.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(1));
            adminClient = null;
        }
    }

    /** A shutdown: SIGTERM, and redis-server exits (nothing to save, snapshots are off). */
    @Override
    public synchronized void stop() {
        closeAdmin();
        process.end(false, port);
    }

    /** A crash: SIGKILL to the redis-server process, no shutdown, no flush. */
    @Override
    public synchronized void kill() {
        closeAdmin();
        process.end(true, port);
    }

    @Override
    public synchronized boolean isUp() {
        return process.alive() && Ports.listening(port);
    }

    @Override
    public int port() {
        return port;
    }
}
