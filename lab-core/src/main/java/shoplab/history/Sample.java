package shoplab.history;

import java.util.Map;

/**
 * One sample of the stack's server-side figures, taken four times a second: the shared ones below and
 * whatever the scenario's probe adds (its charts name the keys).
 *
 * @param atMs   lab clock, milliseconds since the run started
 * @param values named figures; see the constants
 */
public record Sample(long atMs, Map<String, Double> values) {

    /** Requests the edge served per second: every run samples it. */
    public static final String REQUESTS_PER_SECOND = "requestsPerSecond";
    // The figures the console's topology diagram shows on its nodes (one per component kind); the
    // scenarios' probes put them in their samples, under these names, when their stack has the component.
    public static final String REDIS_STOCK = "redisStock";
    public static final String DB_STOCK = "dbStock";
    public static final String QUEUE_LAG = "queueLag";
    public static final String HELD = "held";
    public static final String SOLD = "sold";
    /** Payment notices the provider delivered (every attempt) per second: the callback storm. */
    public static final String NOTICES_PER_SECOND = "noticesPerSecond";
    // Replication, after a store's name (dc-b/db.replicationLagTx): transactions and seconds a database
    // replica is behind its primary, bytes a Redis replica is behind; the primary's semi-sync state.
    public static final String REPLICATION_LAG_TX = "replicationLagTx";
    public static final String REPLICATION_LAG_S = "replicationLagS";
    public static final String REPLICATION_LAG_BYTES = "replicationLagBytes";
    /** 1 while the primary replicates semi-synchronously, 0 once it fell back to async. */
    public static final String SEMI_SYNC_ON = "semiSyncOn";
    public static final String SEMI_SYNC_FALLBACKS = "semiSyncFallbacks";
    /** Stock deductions no Redis replica acknowledged within the semi-sync wait (Redis fell back to async for them). */
    public static final String REDIS_WAIT_FALLBACKS = "redisWaitFallbacks";
    /** Commits that returned without a replica's acknowledgement (after the semi-sync timeout, or in async). */
    public static final String UNACKNOWLEDGED_COMMITS = "unacknowledgedCommits";
    /** Followed by a checker's name: the violations it found so far in a run still going on. */
    public static final String VIOLATIONS_PREFIX = "violations.";
    /** Cores a part of the stack used since the previous sample: {@code cpu.order-service}, {@code cpu.load-generator}... */
    public static final String CPU_PREFIX = "cpu.";
    /** Statements the services sent their databases so far (the lab's own reads left out): a counter. */
    public static final String DB_STATEMENTS = "dbStatements";

    public Sample {
        values = Map.copyOf(values);
    }

    /** The figure, or NaN when this sample does not carry it. */
    public double get(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }
}
