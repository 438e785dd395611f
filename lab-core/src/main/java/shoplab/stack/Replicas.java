package shoplab.stack;

import shoplab.history.Sample;
import shoplab.stack.store.MariaDbNode;
import shoplab.stack.store.RedisNode;
import shoplab.topology.Replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The topology's replication as it runs: the primary data center's database and Redis, and each replica
 * data center's, following them over the site links (so a partition cuts replication as it cuts the rest).
 * Reads how far behind each replica is, and whether semi-sync still holds, for the timeline.
 */
public final class Replicas {

    /** One data center's replicated stores; {@code redis} may be null (a data center without Redis). */
    public record Site(String dc, MariaDbNode db, RedisNode redis) {
    }

    private final Replication replication;
    private final Site primary;
    private final List<Site> replicas;

    Replicas(Replication replication, Site primary, List<Site> replicas) {
        this.replication = replication;
        this.primary = primary;
        this.replicas = List.copyOf(replicas);
    }

    public Replication replication() {
        return replication;
    }

    public Site primary() {
        return primary;
    }

    public List<Site> replicas() {
        return replicas;
    }

    /**
     * What the timeline charts, per replica ({@code dc-b/db.replicationLagTx}, ...) and for the primary's
     * semi-sync; a store that cannot be read (down, cut off) leaves its figures out of the sample.
     */
    public Map<String, Double> figures() {
        Map<String, Double> v = new HashMap<>();
        long written;
        try (Connection a = primary.db().admin()) {
            written = primary.db().position(a).written();
            if (replication.semiSync()) {
                MariaDbNode.SemiSyncState s = primary.db().semiSyncState(a);
                v.put(primary.db().name() + "." + Sample.SEMI_SYNC_ON, s.on() ? 1.0 : 0.0);
                v.put(primary.db().name() + "." + Sample.SEMI_SYNC_FALLBACKS, (double) s.fallbacks());
                v.put(primary.db().name() + "." + Sample.UNACKNOWLEDGED_COMMITS, (double) s.unacknowledgedCommits());
            }
        } catch (SQLException | RuntimeException e) {
            written = -1;
        }
        long redisWritten = primaryRedisOffset();
        for (Site r : replicas) {
            try (Connection c = r.db().admin()) {
                MariaDbNode.ReplicaState state = r.db().replicaState(c);
                if (written >= 0) {
                    v.put(r.db().name() + "." + Sample.REPLICATION_LAG_TX, (double) Math.max(0, written - r.db().position(c).applied()));
                }
                if (state.secondsBehind() != null) {
                    v.put(r.db().name() + "." + Sample.REPLICATION_LAG_S, state.secondsBehind().doubleValue());
                }
            } catch (SQLException | RuntimeException e) {
                // down or cut off: no figure
            }
            if (r.redis() != null && redisWritten >= 0) {
                try {
                    RedisNode.ReplicationInfo info = r.redis().replicationInfo();
                    v.put(r.redis().name() + "." + Sample.REPLICATION_LAG_BYTES, (double) Math.max(0, redisWritten - info.offset()));
                } catch (RuntimeException e) {
                    // down or cut off: no figure
                }
            }
        }
        return v;
    }

    private long primaryRedisOffset() {
        if (primary.redis() == null) {
            return -1;
        }
        try {
            return primary.redis().replicationInfo().offset();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
