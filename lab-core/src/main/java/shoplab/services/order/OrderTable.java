package shoplab.services.order;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order table, split horizontally into {@code shards} tables of one database ({@code orders}, then
 * {@code orders_1}...), rows routed by the user: an order id carries its user's bits
 * ({@code <prefix>-<seq>-<bits>}), so a lookup by user or by order id goes to one shard; only the lab's own
 * figures read every shard. One table when {@code shards} is 1.
 */
final class OrderTable {

    /** The user bits an order id carries: at most this many shards. */
    static final int USER_BITS = 1024;
    static final int MAX_SHARDS = 64;

    /** A row as the checkers and the figures see it. */
    record Row(String orderId, String user, String sku, int qty, String status, long createdAt, Long storedAt,
               Long releasingAt) {
    }

    private final JdbcTemplate jdbc;
    private final int shards;

    OrderTable(JdbcTemplate jdbc, int shards) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException(OrderApp.SHARDS + " must be 1.." + MAX_SHARDS + ", was " + shards);
        }
        this.jdbc = jdbc;
        this.shards = shards;
        for (int s = 1; s < shards; s++) { // shard 0 is the migrated table; the others have its columns
            String t = table(s);
            jdbc.execute(SHARD_DDL.formatted(t));
            jdbc.execute("CREATE INDEX IF NOT EXISTS " + t + "_status_hold ON " + t + " (status, hold_until)");
        }
    }

    /** The columns of {@code db/order} (V1, V2) for the shards past the first: keep them in step. */
    private static final String SHARD_DDL = """
            CREATE TABLE IF NOT EXISTS %s (
                order_id VARCHAR(64) PRIMARY KEY, seq BIGINT NOT NULL, user_id VARCHAR(64) NOT NULL,
                sku VARCHAR(64) NOT NULL, qty INT NOT NULL, status VARCHAR(16) NOT NULL, created_at BIGINT NOT NULL,
                hold_until BIGINT NOT NULL, releasing_at BIGINT, stored_at BIGINT)""";

    int shards() {
        return shards;
    }

    /** The user's bits: a stable hash of the user id, spread over {@link #USER_BITS}. */
    static int userBits(String user) {
        int h = user.hashCode() * 0x9E3779B9;
        return Math.floorMod(h ^ (h >>> 16), USER_BITS);
    }

    /** An order id that routes like its user: {@code <prefix>-<seq>-<bits>}. */
    static String orderId(String prefix, long seq, String user) {
        return prefix + "-" + seq + "-" + userBits(user);
    }

    int shardOfUser(String user) {
        return userBits(user) % shards;
    }

    /** The shard an order id routes to (its last part); ids without user bits go to shard 0. */
    int shardOf(String orderId) {
        int dash = orderId.lastIndexOf('-');
        try {
            return dash < 0 ? 0 : Integer.parseInt(orderId.substring(dash + 1)) % shards;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    String table(int shard) {
        return shard == 0 ? "orders" : "orders_" + shard;
    }

    private String tableOf(String orderId) {
        return table(shardOf(orderId));
    }

    /** The highest sequence number this prefix used, in any shard (where a restarted service goes on). */
    long maxSeq(String prefix) {
        long max = 0;
        for (int s = 0; s < shards; s++) {
            max = Math.max(max, jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM " + table(s)
                    + " WHERE order_id LIKE ?", Long.class, prefix + "-%"));
        }
        return max;
    }

    /** A held order, written as it is acknowledged (the direct path). */
    void insertHeld(String orderId, long seq, String user, String sku, int qty, long now, long holdUntil) {
        jdbc.update("INSERT INTO " + table(shardOfUser(user)) + " (order_id, seq, user_id, sku, qty, status, created_at, "
                + "hold_until, stored_at) VALUES (?, ?, ?, ?, ?, 'HELD', ?, ?, ?)", orderId, seq, user, sku, qty, now, holdUntil, now);
    }

    /** Held orders the queue delivered, each at most once: a replayed one finds its row. Returns how many were new. */
    int insertHeldOnce(List<Row> rows, List<Long> seqs, List<Long> holdUntil, long storedAt) {
        Map<Integer, List<Object[]>> byShard = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            byShard.computeIfAbsent(shardOf(r.orderId()), k -> new ArrayList<>()).add(new Object[]{r.orderId(), seqs.get(i),
                    r.user(), r.sku(), r.qty(), r.createdAt(), holdUntil.get(i), storedAt, r.orderId()});
        }
        int inserted = 0;
        for (Map.Entry<Integer, List<Object[]>> e : byShard.entrySet()) {
            String t = table(e.getKey());
            for (int n : jdbc.batchUpdate("INSERT INTO " + t + " (order_id, seq, user_id, sku, qty, status, created_at, "
                    + "hold_until, stored_at) SELECT ?, ?, ?, ?, ?, 'HELD', ?, ?, ? FROM DUAL WHERE NOT EXISTS "
                    + "(SELECT 1 FROM " + t + " WHERE order_id = ?)", e.getValue())) {
                inserted += Math.max(n, 0);
            }
        }
        return inserted;
    }

    /** HELD -> PAID while the hold lasts ({@code now} null: whatever the time, the buffer decided). */
    int pay(String orderId, Long now) {
        return now == null
                ? jdbc.update("UPDATE " + tableOf(orderId) + " SET status = 'PAID' WHERE order_id = ? AND status = 'HELD'", orderId)
                : jdbc.update("UPDATE " + tableOf(orderId) + " SET status = 'PAID' WHERE order_id = ? AND status = 'HELD' "
                + "AND hold_until >= ?", orderId, now);
    }

    /** HELD -> RELEASED at once (the buffer released the unit already at {@code at}). */
    int released(String orderId, long at) {
        return jdbc.update("UPDATE " + tableOf(orderId) + " SET status = 'RELEASED', releasing_at = ? "
                + "WHERE order_id = ? AND status = 'HELD'", at, orderId);
    }

    Optional<Row> get(String orderId) {
        return jdbc.query("SELECT order_id, user_id, sku, qty, status, created_at, stored_at, releasing_at FROM "
                + tableOf(orderId) + " WHERE order_id = ?", (rs, i) -> row(rs), orderId).stream().findFirst();
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getLong(6),
                (Long) rs.getObject(7, Long.class), (Long) rs.getObject(8, Long.class));
    }

    // ---- the direct path's hold expiry ----

    /** Claims every expired hold in one statement per shard (HELD -> RELEASING): a pay commits before or is refused. */
    void claimExpired(long now) {
        for (int s = 0; s < shards; s++) {
            jdbc.update("UPDATE " + table(s) + " SET status = 'RELEASING', releasing_at = ? WHERE status = 'HELD' "
                    + "AND hold_until < ?", now, now);
        }
    }

    /** Claimed orders whose units are not back yet: order id to SKU, at most {@code limit} per shard. */
    Map<String, String> releasing(int limit) {
        Map<String, String> due = new LinkedHashMap<>();
        for (int s = 0; s < shards; s++) {
            jdbc.query("SELECT order_id, sku FROM " + table(s) + " WHERE status = 'RELEASING' ORDER BY hold_until LIMIT "
                    + limit, rs -> {
                due.put(rs.getString(1), rs.getString(2));
            });
        }
        return due;
    }

    void markReleased(String orderId) {
        jdbc.update("UPDATE " + tableOf(orderId) + " SET status = 'RELEASED' WHERE order_id = ? AND status = 'RELEASING'", orderId);
    }

    // ---- every shard: the lab's figures ----

    /** Runs {@code sql} (a {@code %s} where the table goes) on every shard, each row to {@code row}. */
    void eachShard(String sql, org.springframework.jdbc.core.RowCallbackHandler row, Object... args) {
        for (int s = 0; s < shards; s++) {
            jdbc.query(sql.formatted(table(s)), row, args);
        }
    }

    /** Rows in each shard, in shard order. */
    List<Long> rowsPerShard() {
        List<Long> rows = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            rows.add(jdbc.queryForObject("SELECT COUNT(*) FROM " + table(s), Long.class));
        }
        return rows;
    }

    /** Every row of every shard, oldest first (at most {@code limit}). */
    List<Row> rows(int limit) {
        List<Row> all = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            all.addAll(jdbc.query("SELECT order_id, user_id, sku, qty, status, created_at, stored_at, releasing_at FROM "
                    + table(s) + " ORDER BY created_at, order_id LIMIT " + limit, (rs, i) -> row(rs)));
        }
        all.sort(java.util.Comparator.comparingLong(Row::createdAt).thenComparing(Row::orderId));
        return all.size() > limit ? all.subList(0, limit) : all;
    }
}
