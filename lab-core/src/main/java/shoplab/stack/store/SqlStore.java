package shoplab.stack.store;

import shoplab.stack.Lifecycle;

/**
 * A database server of the stack, whatever its engine (the topology's {@code engine: h2 | mariadb}): how a
 * service reaches one of its databases. Each service has its own database on the server; the same Flyway
 * migrations run on both engines.
 */
public interface SqlStore extends Lifecycle {

    /**
     * Creates {@code database} where it is missing, before a service connects (H2 creates it on first
     * connect; on MariaDB the lab's administrator does, as a services' account cannot on a read-only replica).
     */
    default void createDatabase(String database) throws Exception {
    }

    /** The JDBC URL of {@code database}, reached through {@code port} (normally a latency proxy in front of the server). */
    String jdbcUrl(int port, String database);

    /** The account services use: on MariaDB not an administrator, so that a read-only server refuses its writes. */
    String user();

    String password();
}
