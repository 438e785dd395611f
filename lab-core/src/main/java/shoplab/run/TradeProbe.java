package shoplab.run;

import shoplab.checks.payment.AcceptedNotice;
import shoplab.checks.payment.Charge;
import shoplab.checks.payment.OrderRecord;
import shoplab.checks.payment.TradeState;
import shoplab.checks.payment.Transition;
import shoplab.domain.trade.OrderStatus;
import shoplab.history.Sample;
import shoplab.stack.Stack;
import shoplab.topology.ComponentKind;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the trade side of a stack, on each service's own port: live figures for the timeline (open
 * orders, paid, the provider's notices per second: the callback storm), whether it is quiet (no open
 * order, no notice left to deliver), and the snapshot the payment checkers judge, with every time on
 * the run's clock.
 */
final class TradeProbe {

    /** One reading: the trade service's metrics, the provider's notice summary, the product service's sales. */
    record Reading(JsonNode trade, JsonNode notices, JsonNode sales) {
    }

    private final Stack stack;
    private final StackProbe.Http http;
    private final long epochMs;
    private long lastDelivered = -1;
    private long lastAt;

    /** @param epochMs the wall-clock instant the run's clock started */
    TradeProbe(Stack stack, StackProbe.Http http, long epochMs) {
        this.stack = stack;
        this.http = http;
        this.epochMs = epochMs;
    }

    Reading read() throws IOException, InterruptedException {
        return new Reading(http.get(url(ComponentKind.TRADE_SERVICE) + "/api/trade/metrics"),
                http.get(url(ComponentKind.PAYMENT_PROVIDER) + "/api/notices/summary"),
                http.get(url(ComponentKind.PRODUCT_SERVICE) + "/api/sales"));
    }

    private String url(ComponentKind kind) {
        return stack.serviceUrl(kind);
    }

    /** Adds the trade figures of a reading to a sample. */
    void figures(Reading r, Map<String, Double> v) {
        v.put(Sample.OPEN_ORDERS, r.trade().path("openOrders").asDouble());
        v.put(Sample.PAID, r.trade().path("ordersByStatus").path("PAID").asDouble());
        v.put(Sample.NOTICES_PENDING, r.notices().path("pending").asDouble());
        long delivered = r.notices().path("delivered").asLong();
        long now = System.nanoTime();
        if (lastDelivered >= 0) {
            v.put(Sample.NOTICES_PER_SECOND, (delivered - lastDelivered) / ((now - lastAt) / 1e9));
        }
        lastDelivered = delivered;
        lastAt = now;
    }

    /**
     * No order waits for payment or timeout, the trade service has no follow-up left (stock and coupon
     * releases, sales messages, refunds), the provider has nothing left to send, and every sales message
     * is counted.
     */
    static boolean quiet(Reading r) {
        return r.trade().path("openOrders").asLong() == 0 && r.trade().path("pendingWork").asLong() == 0
                && r.trade().path("refundsPending").asLong() == 0 && r.notices().path("pending").asLong() == 0
                && r.sales().path("lag").asLong() == 0;
    }

    /**
     * The trade service's orders and accepted notices, the provider's ledger, and, from the reading just
     * taken, the sales counted and the timeout job's precision.
     */
    TradeState snapshot(Reading r) throws IOException, InterruptedException {
        JsonNode snap = http.get(url(ComponentKind.TRADE_SERVICE) + "/api/trade/snapshot");
        JsonNode ledger = http.get(url(ComponentKind.PAYMENT_PROVIDER) + "/api/ledger");
        JsonNode notices = http.get(url(ComponentKind.PAYMENT_PROVIDER) + "/api/notices");

        List<OrderRecord> orders = new ArrayList<>();
        for (JsonNode o : snap.path("orders")) {
            List<Transition> moves = new ArrayList<>();
            for (JsonNode t : o.path("transitions")) {
                moves.add(new Transition(OrderStatus.valueOf(t.path("from").asString()),
                        OrderStatus.valueOf(t.path("to").asString()), clock(t.path("atEpochMs").asLong())));
            }
            orders.add(new OrderRecord(o.path("orderId").asString(), o.path("sku").asString(), o.path("units").asInt(),
                    o.path("amountCents").asLong(), OrderStatus.valueOf(o.path("status").asString()), moves,
                    o.path("shipments").asInt(), text(o.path("couponCode")), o.path("couponRestored").asBoolean(),
                    o.path("stockRestored").asBoolean()));
        }
        List<Charge> charges = new ArrayList<>();
        for (JsonNode c : ledger.path("charges")) {
            if (c.path("captured").asBoolean()) { // a failed payment took no money
                charges.add(new Charge(c.path("tradeNo").asString(), c.path("orderId").asString(),
                        c.path("amountCents").asLong(), clock(c.path("atMs").asLong()), c.path("refunded").asBoolean()));
            }
        }
        Set<String> forged = new HashSet<>();
        for (JsonNode n : notices.path("notices")) {
            if (n.path("forged").asBoolean()) {
                forged.add(n.path("notifyId").asString());
            }
        }
        List<AcceptedNotice> accepted = new ArrayList<>();
        for (JsonNode n : snap.path("acceptedNotices")) {
            String id = n.path("notifyId").asString();
            accepted.add(new AcceptedNotice(id, n.path("orderId").asString(), forged.contains(id),
                    clock(n.path("atEpochMs").asLong())));
        }
        Map<String, Long> sales = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : r.sales().path("sales").properties()) {
            sales.put(e.getKey(), e.getValue().asLong());
        }
        JsonNode late = r.trade().path("timeoutCloseLatenessMs");
        return new TradeState(orders, charges, accepted, sales, new TradeState.TimeoutPrecision(
                late.path("count").asLong(), late.path("p50").asLong(), late.path("p99").asLong(), late.path("max").asLong()));
    }

    private long clock(long epoch) {
        return epoch - epochMs;
    }

    private static String text(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? null : n.asString();
    }
}
