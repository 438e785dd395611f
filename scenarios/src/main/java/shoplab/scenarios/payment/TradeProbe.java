package shoplab.scenarios.payment;

import shoplab.domain.trade.OrderStatus;
import shoplab.history.Sample;
import shoplab.run.CounterRate;
import shoplab.run.Probe;
import shoplab.run.ServiceJson;
import shoplab.scenarios.flashsale.StockProbe;
import shoplab.scenarios.payment.checks.AcceptedNotice;
import shoplab.scenarios.payment.checks.Charge;
import shoplab.scenarios.payment.checks.OrderRecord;
import shoplab.scenarios.payment.checks.TradeState;
import shoplab.scenarios.payment.checks.Transition;
import shoplab.stack.Stack;
import shoplab.topology.ComponentKind;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a duplicate-payment stack, on each service's own port: the stock side as any stack (see
 * {@link StockProbe}), and the trade side: live figures for the timeline (open orders, paid, the
 * provider's notices per second: the callback storm), whether it is quiet (no open order, no notice left
 * to deliver, every sale counted), and the {@link TradeState} the payment checkers judge, with every time
 * on the run's clock.
 */
final class TradeProbe implements Probe {

    /** Trade orders not yet paid, closed or cancelled. */
    static final String OPEN_ORDERS = "openOrders";
    /** Trade orders paid so far. */
    static final String PAID = "paid";
    /** Notices the provider still has to deliver (scheduled retries, late ones). */
    static final String NOTICES_PENDING = "noticesPending";

    private final Stack stack;
    private final ServiceJson http;
    private final StockProbe stock;
    private final long epochMs;
    private final CounterRate delivered = new CounterRate();

    /**
     * @param orderTimeoutMillis how long an unpaid order lives (real ms): the stack cannot quiet down sooner
     * @param epochMs            the wall-clock instant the run's clock started
     */
    TradeProbe(Stack stack, long orderTimeoutMillis, long epochMs) {
        this.stack = stack;
        this.http = new ServiceJson();
        // no per-user limit on this sale; the trade service's own timeout releases unpaid units
        this.stock = new StockProbe(stack, http, Integer.MAX_VALUE, orderTimeoutMillis, epochMs);
        this.epochMs = epochMs;
    }

    @Override
    public Reading read() throws IOException, InterruptedException {
        return new Reading(stock.read(), http.get(url(ComponentKind.TRADE_SERVICE) + "/internal/trade/metrics"),
                http.get(url(ComponentKind.PAYMENT_PROVIDER) + "/internal/notices/summary"),
                http.get(url(ComponentKind.PRODUCT_SERVICE) + "/internal/sales"));
    }

    @Override
    public long quiesceBoundMillis() {
        return stock.quiesceBoundMillis();
    }

    private String url(ComponentKind kind) {
        return stack.serviceUrl(kind);
    }

    /** One reading: the stock side, the trade service's metrics, the provider's notice summary, the sales. */
    final class Reading implements Probe.Reading {

        private final StockProbe.Reading stockSide;
        private final JsonNode trade;
        private final JsonNode notices;
        private final JsonNode sales;

        private Reading(StockProbe.Reading stockSide, JsonNode trade, JsonNode notices, JsonNode sales) {
            this.stockSide = stockSide;
            this.trade = trade;
            this.notices = notices;
            this.sales = sales;
        }

        @Override
        public Map<String, Double> figures() {
            Map<String, Double> v = new HashMap<>(stockSide.figures());
            v.put(OPEN_ORDERS, trade.path("openOrders").asDouble());
            v.put(PAID, trade.path("ordersByStatus").path("PAID").asDouble());
            v.put(NOTICES_PENDING, notices.path("pending").asDouble());
            delivered.put(v, Sample.NOTICES_PER_SECOND, notices.path("delivered").asLong());
            return v;
        }

        /**
         * The stock side is quiet, no order waits for payment or timeout, the trade service has no
         * follow-up left (stock and coupon releases, sales messages, refunds), the provider has nothing
         * left to send, and every sales message is counted.
         */
        /** What the trade side has left: open orders, follow-up work, refunds, notices to send, sales to count. */
        @Override
        public String backlog() {
            return stockSide.backlog() + ", open orders " + trade.path("openOrders").asLong() + ", pending work "
                    + trade.path("pendingWork").asLong() + ", refunds " + trade.path("refundsPending").asLong()
                    + ", notices " + notices.path("pending").asLong() + ", sales lag " + sales.path("lag").asLong();
        }

        @Override
        public boolean quiet() {
            return stockSide.quiet() && trade.path("openOrders").asLong() == 0
                    && trade.path("pendingWork").asLong() == 0 && trade.path("refundsPending").asLong() == 0
                    && notices.path("pending").asLong() == 0 && sales.path("lag").asLong() == 0;
        }

        /**
         * The trade service's orders and accepted notices, the provider's ledger, and, from this reading,
         * the sales counted and the timeout job's precision.
         */
        @Override
        public TradeState snapshot() throws IOException, InterruptedException {
            JsonNode snap = http.get(url(ComponentKind.TRADE_SERVICE) + "/internal/trade/snapshot");
            JsonNode ledger = http.get(url(ComponentKind.PAYMENT_PROVIDER) + "/internal/ledger");
            JsonNode all = http.get(url(ComponentKind.PAYMENT_PROVIDER) + "/internal/notices");

            List<OrderRecord> orders = new ArrayList<>();
            for (JsonNode o : snap.path("orders")) {
                List<Transition> moves = new ArrayList<>();
                for (JsonNode t : o.path("transitions")) {
                    moves.add(new Transition(OrderStatus.valueOf(t.path("from").asString()),
                            OrderStatus.valueOf(t.path("to").asString()), clock(t.path("atEpochMs").asLong())));
                }
                orders.add(new OrderRecord(o.path("orderId").asString(), o.path("sku").asString(),
                        o.path("units").asInt(), o.path("amountCents").asLong(),
                        OrderStatus.valueOf(o.path("status").asString()), moves, o.path("shipments").asInt(),
                        text(o.path("couponCode")), o.path("couponRestored").asBoolean(),
                        o.path("stockRestored").asBoolean()));
            }
            List<Charge> charges = new ArrayList<>();
            for (JsonNode c : ledger.path("charges")) {
                if (c.path("captured").asBoolean()) { // a failed payment took no money
                    charges.add(new Charge(c.path("tradeNo").asString(), c.path("outTradeNo").asString(), text(c.path("orderId")),
                            c.path("amountCents").asLong(), clock(c.path("atMs").asLong()),
                            c.path("refunded").asBoolean()));
                }
            }
            Set<String> forged = new HashSet<>();
            for (JsonNode n : all.path("notices")) {
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
            Map<String, Long> counted = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : sales.path("sales").properties()) {
                counted.put(e.getKey(), e.getValue().asLong());
            }
            JsonNode late = trade.path("timeoutCloseLatenessMs");
            Set<String> payments = new HashSet<>();
            snap.path("payments").forEach(p -> payments.add(p.asString()));
            return new TradeState(orders, charges, accepted, counted, payments, new TradeState.TimeoutPrecision(
                    late.path("count").asLong(), late.path("p50").asLong(), late.path("p99").asLong(),
                    late.path("max").asLong()));
        }
    }

    private long clock(long epoch) {
        return epoch - epochMs;
    }

    private static String text(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? null : n.asString();
    }
}
