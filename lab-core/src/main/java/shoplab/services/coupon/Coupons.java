package shoplab.services.coupon;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.domain.trade.Money;
import shoplab.services.common.ApiError;
import shoplab.services.common.Migrations;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The coupon store. Every move is one conditional UPDATE on the coupon row whose affected-row count
 * decides who wins (so two orders can never both hold a coupon), followed, in the same transaction, by
 * the order's coupon_use row. When the UPDATE changes nothing, the rows are read to tell a replay
 * (answered as the first time) from a conflict (4xx).
 */
@Component
public class Coupons {

    /** A coupon as the API shows it; {@code replayed} says the request changed nothing because it was done. */
    public record View(String code, String userId, long discountCents, long minOrderCents, CouponState state,
                       String orderId, boolean replayed) {
        View again() {
            return new View(code, userId, discountCents, minOrderCents, state, orderId, true);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public Coupons(DataSource ds, JdbcTemplate jdbc, TransactionTemplate tx) {
        Migrations.migrate(ds, "db/coupon");
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Issues a coupon; issuing the same coupon again is a replay, a different one under its code a 409. */
    public View issue(String code, String userId, Money discount, Money minOrder) {
        try {
            jdbc.update("INSERT INTO coupon (code, user_id, discount_cents, min_order_cents, state, issued_at) "
                    + "VALUES (?, ?, ?, ?, 'ISSUED', ?)", code, userId, discount.cents(), minOrder.cents(), now());
            return require(code);
        } catch (DuplicateKeyException taken) {
            View v = require(code);
            if (v.userId().equals(userId) && v.discountCents() == discount.cents() && v.minOrderCents() == minOrder.cents()) {
                return v.again();
            }
            throw new ApiError.Rejected(HttpStatus.CONFLICT, "CODE_TAKEN", "coupon " + code + " exists with other terms");
        }
    }

    /**
     * Locks the coupon for {@code orderId} at checkout, if it is the user's, free (issued or released) and
     * the order reaches its minimum. Locking again for the same order is a replay.
     */
    public View lock(String code, String userId, String orderId, Money orderTotal) {
        return tx.execute(s -> {
            long now = now();
            int won = jdbc.update("UPDATE coupon SET state = 'LOCKED', order_id = ? WHERE code = ? AND user_id = ? "
                    + "AND state IN ('ISSUED', 'RELEASED') AND min_order_cents <= ?", orderId, code, userId, orderTotal.cents());
            if (won == 1) {
                if (jdbc.update("UPDATE coupon_use SET state = 'LOCKED', locked_at = ?, redeemed_at = NULL, released_at = NULL "
                        + "WHERE code = ? AND order_id = ?", now, code, orderId) == 0) {
                    jdbc.update("INSERT INTO coupon_use (code, order_id, state, locked_at) VALUES (?, ?, 'LOCKED', ?)",
                            code, orderId, now);
                }
                return require(code);
            }
            View v = require(code);
            if (!v.userId().equals(userId)) {
                throw new ApiError.Rejected(HttpStatus.FORBIDDEN, "NOT_YOUR_COUPON", "coupon " + code + " belongs to another user");
            }
            if (orderId.equals(v.orderId()) && (v.state() == CouponState.LOCKED || v.state() == CouponState.REDEEMED)) {
                return v.again();
            }
            if (v.state() == CouponState.ISSUED || v.state() == CouponState.RELEASED) {
                throw new ApiError.Rejected(HttpStatus.UNPROCESSABLE_CONTENT, "BELOW_MINIMUM", "coupon " + code + " needs an order of at least "
                        + Money.of(v.minOrderCents()) + ", this one is " + orderTotal);
            }
            throw new ApiError.Rejected(HttpStatus.CONFLICT, "COUPON_IN_USE", "coupon " + code + " is " + v.state()
                    + " by another order");
        });
    }

    /** Spends the coupon held by {@code orderId} (its payment succeeded). Redeeming again is a replay. */
    public View redeem(String code, String orderId) {
        return tx.execute(s -> {
            if (jdbc.update("UPDATE coupon SET state = 'REDEEMED' WHERE code = ? AND order_id = ? AND state = 'LOCKED'",
                    code, orderId) == 1) {
                jdbc.update("UPDATE coupon_use SET state = 'REDEEMED', redeemed_at = ? WHERE code = ? AND order_id = ?",
                        now(), code, orderId);
                return require(code);
            }
            View v = require(code);
            if (orderId.equals(v.orderId()) && v.state() == CouponState.REDEEMED) {
                return v.again();
            }
            if (use(code, orderId).filter(CouponState.RELEASED::equals).isPresent()) {
                throw new ApiError.Rejected(HttpStatus.CONFLICT, "RELEASED_FOR_ORDER", "coupon " + code
                        + " was released for order " + orderId + " (failed or timed out) and cannot be redeemed for it");
            }
            throw notHeldBy(code, orderId);
        });
    }

    /**
     * Gives the coupon held by {@code orderId} back to its user (the order failed or timed out). A redeemed
     * coupon comes back only with {@code refund}: the buyer got the discount on goods they keep unless the
     * order was refunded. Releasing again for the same order is a replay, even if another order holds it now.
     */
    public View release(String code, String orderId, boolean refund) {
        return tx.execute(s -> {
            String from = refund ? "('LOCKED', 'REDEEMED')" : "('LOCKED')";
            if (jdbc.update("UPDATE coupon SET state = 'RELEASED' WHERE code = ? AND order_id = ? AND state IN " + from,
                    code, orderId) == 1) {
                jdbc.update("UPDATE coupon_use SET state = 'RELEASED', released_at = ? WHERE code = ? AND order_id = ?",
                        now(), code, orderId);
                return require(code);
            }
            View v = require(code);
            Optional<CouponState> use = use(code, orderId);
            if (use.filter(CouponState.RELEASED::equals).isPresent()) {
                return v.again();
            }
            if (use.filter(CouponState.REDEEMED::equals).isPresent()) {
                throw new ApiError.Rejected(HttpStatus.CONFLICT, "REDEEMED", "coupon " + code + " was redeemed by order "
                        + orderId + "; it is released only when that order is refunded (refund: true)");
            }
            throw notHeldBy(code, orderId);
        });
    }

    /** Every coupon with the orders that held it, for the checkers. */
    public List<Map<String, Object>> all() {
        Map<String, List<Map<String, Object>>> uses = new LinkedHashMap<>();
        jdbc.query("SELECT code, order_id, state, locked_at, redeemed_at, released_at FROM coupon_use ORDER BY code, locked_at",
                rs -> {
                    Map<String, Object> u = new LinkedHashMap<>();
                    u.put("orderId", rs.getString(2));
                    u.put("state", rs.getString(3));
                    u.put("lockedAtMs", rs.getLong(4));
                    u.put("redeemedAtMs", rs.getObject(5));
                    u.put("releasedAtMs", rs.getObject(6));
                    uses.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(u);
                });
        List<Map<String, Object>> coupons = new ArrayList<>();
        jdbc.query("SELECT code, user_id, discount_cents, min_order_cents, state, order_id FROM coupon ORDER BY code", rs -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("code", rs.getString(1));
            c.put("userId", rs.getString(2));
            c.put("discountCents", rs.getLong(3));
            c.put("minOrderCents", rs.getLong(4));
            c.put("state", rs.getString(5));
            c.put("orderId", rs.getString(6));
            c.put("uses", uses.getOrDefault(rs.getString(1), List.of()));
            coupons.add(c);
        });
        return coupons;
    }

    private View require(String code) {
        List<View> rows = jdbc.query("SELECT code, user_id, discount_cents, min_order_cents, state, order_id FROM coupon WHERE code = ?",
                (rs, i) -> new View(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        CouponState.valueOf(rs.getString(5)), rs.getString(6), false), code);
        if (rows.isEmpty()) {
            throw new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_COUPON", "no such coupon: " + code);
        }
        return rows.get(0);
    }

    private Optional<CouponState> use(String code, String orderId) {
        return jdbc.queryForList("SELECT state FROM coupon_use WHERE code = ? AND order_id = ?", String.class, code, orderId)
                .stream().findFirst().map(CouponState::valueOf);
    }

    private static ApiError.Rejected notHeldBy(String code, String orderId) {
        return new ApiError.Rejected(HttpStatus.CONFLICT, "NOT_LOCKED_BY_ORDER", "coupon " + code + " is not locked by order " + orderId);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
