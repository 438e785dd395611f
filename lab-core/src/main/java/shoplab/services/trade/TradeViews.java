package shoplab.services.trade;

import org.springframework.jdbc.core.JdbcTemplate;
import shoplab.domain.trade.OrderStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the trade service shows: one order, the metrics the lab samples, the final-state snapshot. */
final class TradeViews {

    private final JdbcTemplate jdbc;
    private final PaymentGuard guard;
    private final Effects effects;
    private final SalesOutbox outbox;

    TradeViews(JdbcTemplate jdbc, PaymentGuard guard, Effects effects, SalesOutbox outbox) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.effects = effects;
        this.outbox = outbox;
    }

    /** One order with its line, coupon, payment orders, transitions and shipments; null when unknown. */
    Map<String, Object> order(String orderId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT o.order_id, o.user_id, o.status, o.channel, o.region, "
                + "o.goods_cents, o.shipping_cents, o.discount_cents, o.amount_cents, o.created_at, o.deadline_at, o.paid_payment_id, "
                + "o.ended_at, o.stock_restored, o.coupon_restored, o.coupon_redeemed, c.code "
                + "FROM trade_order o LEFT JOIN coupon_use c ON c.order_id = o.order_id WHERE o.order_id = ?", orderId);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> r = rows.get(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", r.get("order_id"));
        m.put("userId", r.get("user_id"));
        m.put("status", r.get("status"));
        m.put("channel", r.get("channel"));
        m.put("region", r.get("region"));
        m.put("goodsCents", r.get("goods_cents"));
        m.put("shippingCents", r.get("shipping_cents"));
        m.put("discountCents", r.get("discount_cents"));
        m.put("amountCents", r.get("amount_cents"));
        m.put("createdAtMs", r.get("created_at"));
        m.put("deadlineAtMs", r.get("deadline_at"));
        m.put("endedAtMs", r.get("ended_at"));
        m.put("couponCode", r.get("code"));
        m.put("paidByPaymentId", r.get("paid_payment_id"));
        m.put("stockRestored", r.get("stock_restored"));
        m.put("couponRestored", r.get("coupon_restored"));
        m.put("couponRedeemed", r.get("coupon_redeemed"));
        List<Map<String, Object>> lines = new ArrayList<>();
        jdbc.query("SELECT line_no, sku, quantity, unit_cents, line_cents FROM order_line WHERE order_id = ? ORDER BY line_no", rs -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("lineNo", rs.getInt(1));
            l.put("sku", rs.getString(2));
            l.put("quantity", rs.getInt(3));
            l.put("unitCents", rs.getLong(4));
            l.put("lineCents", rs.getLong(5));
            lines.add(l);
        }, orderId);
        m.put("lines", lines);
        List<Map<String, Object>> payments = new ArrayList<>();
        jdbc.query("SELECT payment_id, channel, amount_cents, provider_trade_no, status FROM payment_order WHERE order_id = ? "
                + "ORDER BY seq", rs -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("paymentId", rs.getString(1));
            p.put("channel", rs.getString(2));
            p.put("amountCents", rs.getLong(3));
            p.put("tradeNo", rs.getString(4));
            p.put("status", rs.getString(5));
            payments.add(p);
        }, orderId);
        m.put("payments", payments);
        List<Map<String, Object>> moves = new ArrayList<>();
        jdbc.query("SELECT from_status, to_status, at_ms FROM order_transition WHERE order_id = ? ORDER BY id", rs -> {
            moves.add(move(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }, orderId);
        m.put("transitions", moves);
        m.put("shipments", jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ?", Long.class, orderId));
        return m;
    }

    Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("guard", guard.name());
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (OrderStatus s : OrderStatus.values()) {
            byStatus.put(s.name(), 0L);
        }
        jdbc.query("SELECT status, COUNT(*) FROM trade_order GROUP BY status", rs -> {
            byStatus.put(rs.getString(1), rs.getLong(2));
        });
        m.put("orders", byStatus.values().stream().mapToLong(Long::longValue).sum());
        m.put("ordersByStatus", byStatus);
        m.put("openOrders", byStatus.get("CREATED") + byStatus.get("PAYING"));
        m.put("paymentOrders", count("SELECT COUNT(*) FROM payment_order"));
        m.put("shipments", count("SELECT COUNT(*) FROM shipment"));
        Map<String, Long> notices = new HashMap<>();
        jdbc.query("SELECT outcome, COUNT(*) FROM notice_log GROUP BY outcome", rs -> {
            notices.put(rs.getString(1), rs.getLong(2));
        });
        m.put("noticesAccepted", notices.getOrDefault("ACCEPTED", 0L));
        m.put("noticesRejected", notices.getOrDefault("REJECTED", 0L));
        m.put("duplicatesIgnored", notices.getOrDefault("DUPLICATE", 0L));
        m.put("refunds", count("SELECT COUNT(*) FROM refund WHERE status = 'DONE'"));
        m.put("refundsPending", count("SELECT COUNT(*) FROM refund WHERE status = 'PENDING'"));
        m.put("refundsRefused", count("SELECT COUNT(*) FROM refund WHERE status = 'REFUSED'"));
        m.put("unexpectedCharges", count("SELECT COUNT(*) FROM refund r WHERE NOT EXISTS "
                + "(SELECT 1 FROM payment_order p WHERE p.payment_id = r.payment_id)"));
        m.put("timeoutCloses", count("SELECT COUNT(*) FROM trade_order WHERE close_lateness_ms IS NOT NULL"));
        m.put("timeoutCloseLatenessMs", lateness());
        long effectsPending = effects.pending();
        long salesUnsent = outbox.unsent();
        m.put("effectsPending", effectsPending);
        m.put("salesPublished", outbox.sent());
        m.put("salesPending", salesUnsent);
        m.put("pendingWork", effectsPending + salesUnsent);
        return m;
    }

    /** Nearest-rank percentiles of how late each timeout close came after its order's deadline. */
    Map<String, Object> lateness() {
        List<Long> all = jdbc.queryForList("SELECT close_lateness_ms FROM trade_order WHERE close_lateness_ms IS NOT NULL "
                + "ORDER BY close_lateness_ms", Long.class);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("count", all.size());
        l.put("p50", percentile(all, 50));
        l.put("p99", percentile(all, 99));
        l.put("max", all.isEmpty() ? 0 : all.get(all.size() - 1));
        return l;
    }

    /** Nearest rank over sorted values; 0 for none. */
    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /**
     * The final state the lab judges: per order its SKU, units, amount, status, transitions, shipments and
     * restorations; and every accepted notice. The checkout buys one SKU per order, so an order has one
     * line; were there several, this reports the first line (line_no 1) only.
     */
    Map<String, Object> snapshot() {
        Map<String, List<Map<String, Object>>> transitions = transitions();
        Map<String, Long> shipments = new HashMap<>();
        jdbc.query("SELECT order_id, COUNT(*) FROM shipment GROUP BY order_id", rs -> {
            shipments.put(rs.getString(1), rs.getLong(2));
        });
        List<Map<String, Object>> orders = new ArrayList<>();
        jdbc.query("SELECT o.order_id, l.sku, l.quantity, o.amount_cents, o.status, c.code, o.coupon_restored, o.stock_restored "
                + "FROM trade_order o JOIN order_line l ON l.order_id = o.order_id AND l.line_no = 1 "
                + "LEFT JOIN coupon_use c ON c.order_id = o.order_id ORDER BY o.seq", rs -> {
            Map<String, Object> o = new LinkedHashMap<>();
            String id = rs.getString(1);
            o.put("orderId", id);
            o.put("sku", rs.getString(2));
            o.put("units", rs.getInt(3));
            o.put("amountCents", rs.getLong(4));
            o.put("status", rs.getString(5));
            o.put("transitions", transitions.getOrDefault(id, List.of()));
            o.put("shipments", shipments.getOrDefault(id, 0L));
            o.put("couponCode", rs.getString(6));
            o.put("couponRestored", rs.getBoolean(7));
            o.put("stockRestored", rs.getBoolean(8));
            orders.add(o);
        });
        List<Map<String, Object>> accepted = new ArrayList<>();
        jdbc.query("SELECT notify_id, order_id, channel, trade_no, accepted_at, status, outcome FROM accepted_notice ORDER BY id", rs -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("notifyId", rs.getString(1));
            n.put("orderId", rs.getString(2));
            n.put("channel", rs.getString(3));
            n.put("tradeNo", rs.getString(4));
            n.put("atEpochMs", rs.getLong(5));
            n.put("status", rs.getString(6));
            n.put("outcome", rs.getString(7));
            accepted.add(n);
        });
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("orders", orders);
        s.put("acceptedNotices", accepted);
        s.put("payments", jdbc.queryForList("SELECT payment_id FROM payment_order ORDER BY seq", String.class));
        return s;
    }

    private Map<String, List<Map<String, Object>>> transitions() {
        Map<String, List<Map<String, Object>>> byOrder = new HashMap<>();
        jdbc.query("SELECT order_id, from_status, to_status, at_ms FROM order_transition ORDER BY id", rs -> {
            byOrder.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(move(rs.getString(2), rs.getString(3),
                    rs.getLong(4)));
        });
        return byOrder;
    }

    private static Map<String, Object> move(String from, String to, long at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        m.put("atEpochMs", at);
        return m;
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
