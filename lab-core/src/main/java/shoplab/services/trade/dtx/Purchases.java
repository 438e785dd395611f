package shoplab.services.trade.dtx;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

/** The trade's purchase rows ({@code dtx_purchase}): the order side of every strategy, and its transaction table. */
final class Purchases {

    static final String PENDING = "PENDING";
    static final String PAID = "PAID";
    static final String FAILED = "FAILED";

    /** A purchase as the shopper asked it, from {@code purchase_id, user_id, sku, coupon_code, pay_ok}. */
    private static final org.springframework.jdbc.core.RowMapper<Purchase> AS_ASKED = (rs, i) ->
            new Purchase(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5));

    private final JdbcTemplate jdbc;

    Purchases(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /** The row, PENDING, with the instant after which an undecided purchase is given up. */
    void begin(JdbcTemplate on, Purchase p, String phase, long deadlineMs) {
        long now = System.currentTimeMillis();
        on.update("INSERT INTO dtx_purchase (purchase_id, user_id, sku, coupon_code, pay_ok, status, phase, created_at, decided_at, "
                        + "deadline_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, 0, ?)",
                p.id(), p.userId(), p.sku(), p.couponCode(), p.payOk(), phase, now, now + deadlineMs);
    }

    /** A row decided at once (2PC writes its outcome in its own transaction). */
    void insertDecided(JdbcTemplate on, Purchase p, String status) {
        long now = System.currentTimeMillis();
        on.update("INSERT INTO dtx_purchase (purchase_id, user_id, sku, coupon_code, pay_ok, status, phase, created_at, decided_at, "
                        + "deadline_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                p.id(), p.userId(), p.sku(), p.couponCode(), p.payOk(), status, now, now, now);
    }

    /** PENDING to PAID or FAILED; false when something else decided it first (the sweeper). */
    boolean decide(JdbcTemplate on, String id, String status) {
        return on.update("UPDATE dtx_purchase SET status = ?, decided_at = ? WHERE purchase_id = ? AND status = 'PENDING'",
                status, System.currentTimeMillis(), id) == 1;
    }

    String status(String id) {
        return jdbc.queryForList("SELECT status FROM dtx_purchase WHERE purchase_id = ?", String.class, id).stream()
                .findFirst().orElse(null);
    }

    boolean exists(String id) {
        return status(id) != null;
    }

    Purchase find(String id) {
        return jdbc.query("SELECT purchase_id, user_id, sku, coupon_code, pay_ok FROM dtx_purchase WHERE purchase_id = ?",
                AS_ASKED, id).stream().findFirst().orElse(null);
    }

    /** PENDING purchases past their deadline: their coordinator died or gave up mid-way. */
    List<Purchase> overdue(int limit) {
        return jdbc.query("SELECT purchase_id, user_id, sku, coupon_code, pay_ok FROM dtx_purchase "
                        + "WHERE status = 'PENDING' AND deadline_at < ? ORDER BY deadline_at LIMIT " + limit,
                AS_ASKED, System.currentTimeMillis());
    }

    long pending() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM dtx_purchase WHERE status = 'PENDING'", Long.class);
    }

    /** Every row, for the checkers. */
    List<Map<String, Object>> all() {
        return jdbc.queryForList("SELECT purchase_id AS \"id\", sku AS \"sku\", coupon_code AS \"coupon\", status AS \"status\", "
                + "created_at AS \"createdAtMs\", decided_at AS \"decidedAtMs\" FROM dtx_purchase ORDER BY created_at");
    }
}
