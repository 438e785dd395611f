package shoplab.stack.store;

import org.h2.tools.Server;
import shoplab.stack.Ports;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MySQL stand-in: H2 in MySQL mode behind its TCP server, file-backed, writing at every commit, so
 * that it can be stopped like a crashed server and so that a commit costs what a durable commit costs.
 * Databases (one per service) are created on first connect inside {@code baseDir}.
 */
public final class Database implements SqlStore {

    private final String name;
    private final Path baseDir;
    private int port = -1;
    private Server server;

    public Database(String name, Path baseDir) {
        this.name = name;
        this.baseDir = baseDir;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() throws Exception {
        if (server != null && server.isRunning(false)) {
            return;
        }
        Files.createDirectories(baseDir);
        if (port >= 0) { // a restart keeps its port: the services' links point at it
            server = tcpServer(port);
            return;
        }
        // A free port found is only free until someone takes it: another part's client connection can land on it
        // before H2 binds (seen in CI), so a first start that loses that race tries another port, a few times.
        for (int attempt = 1; ; attempt++) {
            int candidate = Ports.freePort();
            try {
                server = tcpServer(candidate);
                port = candidate;
                return;
            } catch (java.sql.SQLException e) {
                if (attempt >= 5 || !(e.getCause() instanceof java.net.BindException)) {
                    throw e;
                }
            }
        }
    }

    private Server tcpServer(int tcpPort) throws java.sql.SQLException {
        return Server.createTcpServer("-tcpPort", String.valueOf(tcpPort), "-baseDir",
                baseDir.toAbsolutePath().toString(), "-ifNotExists", "-tcpDaemon").start();
    }

    /**
     * The JDBC URL of one database, reached through {@code port} (normally a latency proxy in front of
     * this server). MySQL mode; WRITE_DELAY=0 writes at each commit; LOCK_TIMEOUT bounds lock waits;
     * DB_CLOSE_ON_EXIT=FALSE: the lab closes its servers itself, after the services (H2's own shutdown hook
     * would close the databases under the services still stopping, on Ctrl-C).
     */
    public static String url(int port, String database) {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/./" + database
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=20000;DB_CLOSE_ON_EXIT=FALSE";
    }

    @Override
    public String jdbcUrl(int port, String database) {
        return url(port, database);
    }

    @Override
    public String user() {
        return "sa";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            // stop() closes the listening socket and cuts the open sessions, as a crash would.
            server.stop();
            server = null;
        }
    }

    @Override
    public synchronized boolean isUp() {
        return server != null && server.isRunning(false);
    }

    @Override
    public int port() {
        return port;
    }
}
