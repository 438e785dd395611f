package shoplab.topology;

import java.util.List;

/**
 * How the data centers' stores replicate: the primary's database (MariaDB, binlog with GTID) and Redis
 * feed each replica data center's, over the site links. Services in a replica data center write through
 * the primary's stores (a standby site: its own replicas are read-only until a switch promotes them).
 *
 * @param primary           the data center whose database and Redis take the writes
 * @param replicas          the data centers that follow it
 * @param mode              {@code async}: a commit returns before any replica has it; {@code semi-sync}:
 *                          MariaDB's semi-synchronous replication, a commit returns once a replica has
 *                          received it, or after {@code semiSyncTimeoutMs} without one, when the primary
 *                          falls back to async (the lab reports it)
 * @param semiSyncTimeoutMs MariaDB's {@code rpl_semi_sync_master_timeout}
 */
public record Replication(String primary, List<String> replicas, String mode, Long semiSyncTimeoutMs) {

    public static final List<String> MODES = List.of("async", "semi-sync");

    public Replication {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        mode = mode == null ? "async" : mode;
        semiSyncTimeoutMs = semiSyncTimeoutMs == null ? 1_000L : semiSyncTimeoutMs;
    }

    public boolean semiSync() {
        return "semi-sync".equals(mode);
    }

    public boolean isReplica(String dc) {
        return replicas.contains(dc);
    }

    /** The data centers that take part: the primary first. */
    public List<String> members() {
        List<String> all = new java.util.ArrayList<>(List.of(primary));
        all.addAll(replicas);
        return all;
    }
}
