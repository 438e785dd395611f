package shoplab.services.payment;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import shoplab.domain.trade.Money;
import shoplab.services.common.ApiError;
import shoplab.services.common.Migrations;

import javax.sql.DataSource;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The provider's books: charges, refunds and the log of notice deliveries. The unique key on
 * (merchant, merchant order) is what makes paying the same order twice charge once, also under races.
 */
@Component
public class Ledger {

    /** A refund as recorded; {@code replayed}: it was recorded before. */
    public record Refund(String refundNo, String tradeNo, String outTradeNo, Money amount, boolean replayed) {
    }

    private final JdbcTemplate jdbc;
    private final AtomicLong chargeSeq;
    private final AtomicLong deliverySeq;

    public Ledger(DataSource ds, JdbcTemplate jdbc) {
        Migrations.migrate(ds, "db/payment");
        this.jdbc = jdbc;
        // Restarted on the same database: continue the numbering.
        String last = jdbc.queryForObject("SELECT MAX(trade_no) FROM charge", String.class);
        this.chargeSeq = new AtomicLong(last == null ? 0 : Long.parseLong(last.substring(1)));
        this.deliverySeq = new AtomicLong(jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM notice_delivery", Long.class));
    }

    public Optional<ChargeRow> find(String merchantId, String outTradeNo) {
        return jdbc.query("SELECT trade_no, merchant_id, app_id, out_trade_no, order_id, channel, amount_cents, status, "
                        + "notify_url, created_at FROM charge WHERE merchant_id = ? AND out_trade_no = ?",
                (rs, i) -> new ChargeRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Channel.of(rs.getString(6)).orElseThrow(), Money.of(rs.getLong(7)), "SUCCESS".equals(rs.getString(8)),
                        URI.create(rs.getString(9)), rs.getLong(10)),
                merchantId, outTradeNo).stream().findFirst();
    }

    /** A new transaction id: {@code T} and a zero-padded sequence number, so ids sort as they were made. */
    public String nextTradeNo() {
        return String.format("T%012d", chargeSeq.incrementAndGet());
    }

    /** Records the charge; false when the merchant's order has one already (the caller lost a race). */
    public boolean insert(ChargeRow c) {
        try {
            jdbc.update("INSERT INTO charge (trade_no, merchant_id, app_id, out_trade_no, order_id, channel, amount_cents, "
                            + "status, notify_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    c.tradeNo(), c.merchantId(), c.appId(), c.outTradeNo(),
                    c.orderId(), c.channel().id(), c.amount().cents(), c.status(), c.notifyUrl().toString(), c.createdAt());
            return true;
        } catch (DuplicateKeyException paidAlready) {
            return false;
        }
    }

    /**
     * Refunds up to the amount charged, once per charge: a replay with the same amount answers the first
     * refund; another amount is a 409.
     */
    public Refund refund(String merchantId, String outTradeNo, Money amount, String reason) {
        ChargeRow c = find(merchantId, outTradeNo).orElseThrow(() -> new ApiError.Rejected(HttpStatus.NOT_FOUND,
                "UNKNOWN_CHARGE", "no charge for merchant order " + outTradeNo));
        if (!c.captured()) {
            throw new ApiError.Rejected(HttpStatus.CONFLICT, "NOT_CAPTURED", "payment " + c.tradeNo() + " failed: nothing to refund");
        }
        if (amount.cents() > c.amount().cents()) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "REFUND_EXCEEDS_CHARGE", "refund of " + amount
                    + " exceeds the charge of " + c.amount());
        }
        String refundNo = "R" + c.tradeNo().substring(1);
        try {
            jdbc.update("INSERT INTO refund (refund_no, trade_no, amount_cents, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                    refundNo, c.tradeNo(), amount.cents(), reason, System.currentTimeMillis());
            return new Refund(refundNo, c.tradeNo(), outTradeNo, amount, false);
        } catch (DuplicateKeyException refundedAlready) {
            long first = jdbc.queryForObject("SELECT amount_cents FROM refund WHERE trade_no = ?", Long.class, c.tradeNo());
            if (first != amount.cents()) {
                throw new ApiError.Rejected(HttpStatus.CONFLICT, "ALREADY_REFUNDED", "payment " + c.tradeNo()
                        + " was refunded " + Money.of(first) + " already");
            }
            return new Refund(refundNo, c.tradeNo(), outTradeNo, amount, true);
        }
    }

    /** Logs a delivery as it is sent; returns its id for {@link #answered}. */
    public long sent(OutgoingNotice n, int attempt, long atMs) {
        long id = deliverySeq.incrementAndGet();
        jdbc.update("INSERT INTO notice_delivery (id, notify_id, trade_no, out_trade_no, kind, forged, claimed_status, "
                        + "amount_cents, attempt, sent_at, acknowledged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)",
                id, n.notifyId(), n.tradeNo(), n.outTradeNo(), n.kind().name(), n.forged(), n.claimedStatus(),
                n.amountCents(), attempt, atMs);
        return id;
    }

    /** Completes a delivery: the merchant's HTTP status (0: no answer) and whether it acknowledged. */
    public void answered(long id, int httpStatus, boolean acknowledged, long atMs) {
        jdbc.update("UPDATE notice_delivery SET http_status = ?, acknowledged = ?, answered_at = ? WHERE id = ?",
                httpStatus, acknowledged, atMs, id);
    }

    /** Every charge (with its refund, if any) and every refund, for the snapshot. */
    public Map<String, Object> books() {
        List<Map<String, Object>> charges = new ArrayList<>();
        jdbc.query("SELECT c.trade_no, c.merchant_id, c.app_id, c.out_trade_no, c.order_id, c.channel, c.amount_cents, c.status, "
                + "c.created_at, r.refund_no, r.amount_cents, r.reason, r.created_at "
                + "FROM charge c LEFT JOIN refund r ON r.trade_no = c.trade_no ORDER BY c.trade_no", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tradeNo", rs.getString(1));
            m.put("merchantId", rs.getString(2));
            m.put("appId", rs.getString(3));
            m.put("outTradeNo", rs.getString(4));
            m.put("orderId", rs.getString(5));
            m.put("channel", rs.getString(6));
            m.put("amountCents", rs.getLong(7));
            m.put("status", rs.getString(8));
            m.put("captured", "SUCCESS".equals(rs.getString(8)));
            m.put("atMs", rs.getLong(9));
            long refunded = rs.getLong(11); // 0 when there is no refund
            m.put("refundNo", rs.getString(10));
            m.put("refundedCents", refunded);
            m.put("refunded", rs.getString(10) != null && refunded == rs.getLong(7));
            m.put("refundReason", rs.getString(12));
            m.put("refundedAtMs", rs.getObject(13));
            charges.add(m);
        });
        List<Map<String, Object>> refunds = new ArrayList<>();
        jdbc.query("SELECT r.refund_no, r.trade_no, c.out_trade_no, r.amount_cents, r.reason, r.created_at "
                + "FROM refund r JOIN charge c ON c.trade_no = r.trade_no ORDER BY r.created_at, r.refund_no", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("refundNo", rs.getString(1));
            m.put("tradeNo", rs.getString(2));
            m.put("outTradeNo", rs.getString(3));
            m.put("amountCents", rs.getLong(4));
            m.put("reason", rs.getString(5));
            m.put("atMs", rs.getLong(6));
            refunds.add(m);
        });
        return Map.of("charges", charges, "refunds", refunds);
    }

    /** How many notice deliveries were made so far (every attempt, forged ones included). */
    public long deliveryCount() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM notice_delivery", Long.class);
        return n == null ? 0 : n;
    }

    /** Every notice delivery in the order sent. */
    public List<Map<String, Object>> deliveries() {
        List<Map<String, Object>> out = new ArrayList<>();
        jdbc.query("SELECT id, notify_id, trade_no, out_trade_no, kind, forged, claimed_status, amount_cents, attempt, sent_at, "
                + "http_status, acknowledged, answered_at FROM notice_delivery ORDER BY id", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", rs.getLong(1));
            m.put("notifyId", rs.getString(2));
            m.put("tradeNo", rs.getString(3));
            m.put("outTradeNo", rs.getString(4));
            m.put("kind", rs.getString(5));
            m.put("forged", rs.getBoolean(6));
            m.put("status", rs.getString(7));
            m.put("amountCents", rs.getLong(8));
            m.put("attempt", rs.getInt(9));
            m.put("sentAtMs", rs.getLong(10));
            m.put("httpStatus", rs.getObject(11));
            m.put("acknowledged", rs.getBoolean(12));
            m.put("answeredAtMs", rs.getObject(13));
            out.add(m);
        });
        return out;
    }
}
