package shoplab.services.trade;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import shoplab.domain.trade.OrderStateMachine;
import shoplab.domain.trade.OrderStatus;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;

/**
 * The trade service's rows: orders with their first line and coupon, payment orders, transitions,
 * shipments, notices, refunds. Every status change is checked against {@link OrderStateMachine} from the
 * status the caller read, then written either unconditionally ({@link #setStatus}, what the naive guard
 * does) or conditionally ({@link #setStatusIf}, whose affected rows decide).
 */
final class TradeDb {

    /** An order as the handlers need it. The checkout buys one SKU, so the first line is the order's line. */
    record Order(String orderId, String userId, String channel, long amountCents, OrderStatus status, long createdAt,
                 long deadlineAt, String paidPaymentId, String sku, int quantity, String couponCode,
                 boolean stockRestored, boolean couponRestored, boolean couponRedeemed) {
    }

    /** A payment order: {@code paymentId} is the provider's outTradeNo. */
    record Payment(String paymentId, String orderId, String channel, long amountCents, String tradeNo, String status) {
    }

    private static final String ORDER_COLUMNS = "o.order_id, o.user_id, o.channel, o.amount_cents, o.status, o.created_at, "
            + "o.deadline_at, o.paid_payment_id, l.sku, l.quantity, c.code, o.stock_restored, o.coupon_restored, o.coupon_redeemed "
            + "FROM trade_order o JOIN order_line l ON l.order_id = o.order_id AND l.line_no = 1 "
            + "LEFT JOIN coupon_use c ON c.order_id = o.order_id ";

    private static final RowMapper<Order> ORDER = (rs, i) -> new Order(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getLong(4), OrderStatus.valueOf(rs.getString(5)), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9),
            rs.getInt(10), rs.getString(11), rs.getBoolean(12), rs.getBoolean(13), rs.getBoolean(14));

    private static final RowMapper<Payment> PAYMENT = (rs, i) -> new Payment(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getLong(4), rs.getString(5), rs.getString(6));

    private final JdbcTemplate jdbc;

    TradeDb(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    Optional<Order> order(String orderId) {
        return jdbc.query("SELECT " + ORDER_COLUMNS + "WHERE o.order_id = ?", ORDER, orderId).stream().findFirst();
    }

    Optional<OrderStatus> status(String orderId) {
        return jdbc.queryForList("SELECT status FROM trade_order WHERE order_id = ?", String.class, orderId).stream()
                .findFirst().map(OrderStatus::valueOf);
    }

    /** The status, with the order's row locked until the transaction ends (the pessimistic guard). */
    Optional<OrderStatus> statusForUpdate(String orderId) {
        return jdbc.queryForList("SELECT status FROM trade_order WHERE order_id = ? FOR UPDATE", String.class, orderId).stream()
                .findFirst().map(OrderStatus::valueOf);
    }

    /** Writes {@code to} whatever the row holds now; {@code from} is what the caller read (checked, recorded). */
    void setStatus(String orderId, OrderStatus from, OrderStatus to, long at) {
        OrderStateMachine.transition(from, to);
        jdbc.update("UPDATE trade_order SET status = ? WHERE order_id = ?", to.name(), orderId);
        transition(orderId, from, to, at);
    }

    /** Writes {@code to} only if the row still holds {@code from}; true (and recorded) when it did. */
    boolean setStatusIf(String orderId, OrderStatus from, OrderStatus to, long at) {
        OrderStateMachine.transition(from, to);
        if (jdbc.update("UPDATE trade_order SET status = ? WHERE order_id = ? AND status = ?", to.name(), orderId, from.name()) == 1) {
            transition(orderId, from, to, at);
            return true;
        }
        return false;
    }

    private void transition(String orderId, OrderStatus from, OrderStatus to, long at) {
        jdbc.update("INSERT INTO order_transition (order_id, from_status, to_status, at_ms) VALUES (?, ?, ?, ?)",
                orderId, from.name(), to.name(), at);
    }

    void markPaid(String orderId, String paymentId, long at) {
        jdbc.update("UPDATE trade_order SET paid_payment_id = ?, paid_at = ? WHERE order_id = ?", paymentId, at, orderId);
    }

    void markEnded(String orderId, long at) {
        jdbc.update("UPDATE trade_order SET ended_at = ? WHERE order_id = ? AND ended_at IS NULL", at, orderId);
    }

    Optional<Payment> payment(String paymentId) {
        return jdbc.query("SELECT payment_id, order_id, channel, amount_cents, provider_trade_no, status FROM payment_order "
                + "WHERE payment_id = ?", PAYMENT, paymentId).stream().findFirst();
    }

    /** The order's most recent payment order, if any. */
    Optional<Payment> latestPayment(String orderId) {
        return jdbc.query("SELECT payment_id, order_id, channel, amount_cents, provider_trade_no, status FROM payment_order "
                + "WHERE order_id = ? ORDER BY seq DESC LIMIT 1", PAYMENT, orderId).stream().findFirst();
    }

    void insertPayment(Payment p, long seq, long at) {
        jdbc.update("INSERT INTO payment_order (payment_id, seq, order_id, channel, amount_cents, provider_trade_no, status, "
                + "created_at) VALUES (?, ?, ?, ?, ?, NULL, 'CREATED', ?)", p.paymentId(), seq, p.orderId(), p.channel(),
                p.amountCents(), at);
    }

    /** The provider took the payment: its trade no, and STARTED unless a notice settled it first. */
    void paymentStarted(String paymentId, String tradeNo) {
        jdbc.update("UPDATE payment_order SET provider_trade_no = COALESCE(provider_trade_no, ?), "
                + "status = CASE WHEN status = 'CREATED' THEN 'STARTED' ELSE status END WHERE payment_id = ?", tradeNo, paymentId);
    }

    void paymentSettled(String paymentId, String tradeNo, String status) {
        jdbc.update("UPDATE payment_order SET provider_trade_no = COALESCE(provider_trade_no, ?), status = ? WHERE payment_id = ?",
                tradeNo, status, paymentId);
    }

    /** One hand-over to shipping and its sales message (the outbox row, sent to Kafka after the commit). */
    void ship(Order o, String paymentId, String notifyId, long at) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO shipment (order_id, payment_id, notify_id, shipped_at) "
                    + "VALUES (?, ?, ?, ?)", new String[]{"id"});
            ps.setString(1, o.orderId());
            ps.setString(2, paymentId);
            ps.setString(3, notifyId);
            ps.setLong(4, at);
            return ps;
        }, key);
        long shipmentId = key.getKey().longValue(); // each shipment its own message: two shipments, two sales
        jdbc.update("INSERT INTO sales_outbox (message_id, order_id, sku, units, notify_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                o.orderId() + ":" + shipmentId, o.orderId(), o.sku(), o.quantity(), notifyId, at);
    }

    /** Records an accepted notice; under the safe guards the unique key refuses a second one for the same trade. */
    void acceptNotice(Notices.Verified n, String outcome, long at) {
        jdbc.update("INSERT INTO accepted_notice (notify_id, channel, trade_no, order_id, payment_id, status, outcome, accepted_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", n.notifyId(), n.channel(), n.tradeNo(), n.payment().orderId(),
                n.payment().paymentId(), n.status(), outcome, at);
    }

    /** A PENDING refund of a payment; a second one for the same payment is a duplicate key. */
    void insertRefund(String paymentId, String orderId, String tradeNo, long amountCents, String reason, long at) {
        jdbc.update("INSERT INTO refund (payment_id, order_id, trade_no, amount_cents, reason, status, created_at) "
                + "VALUES (?, ?, ?, ?, ?, 'PENDING', ?)", paymentId, orderId, tradeNo, amountCents, reason, at);
    }

    void logNotice(String notifyId, String channel, String tradeNo, String orderId, String outcome, String reason, long at) {
        jdbc.update("INSERT INTO notice_log (notify_id, channel, trade_no, order_id, outcome, reason, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                clip(notifyId, 80), channel, clip(tradeNo, 64), clip(orderId, 64), outcome, clip(reason, 256), at);
    }

    List<String> transitionsOf(String orderId) {
        return jdbc.queryForList("SELECT CONCAT(from_status, '->', to_status) FROM order_transition WHERE order_id = ? ORDER BY id",
                String.class, orderId);
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
