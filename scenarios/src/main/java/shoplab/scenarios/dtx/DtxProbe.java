package shoplab.scenarios.dtx;

import shoplab.run.Probe;
import shoplab.run.ServiceJson;
import shoplab.scenarios.dtx.checks.AllOrNothing;
import shoplab.scenarios.dtx.checks.DtxState;
import shoplab.scenarios.dtx.checks.Effect;
import shoplab.scenarios.dtx.checks.Hold;
import shoplab.scenarios.dtx.checks.Item;
import shoplab.scenarios.dtx.checks.Participant;
import shoplab.scenarios.dtx.checks.Pending;
import shoplab.scenarios.dtx.checks.Purchase;
import shoplab.stack.Stack;
import shoplab.topology.ComponentKind;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a distributed-tx stack on each service's own port: the trade's purchase side (what its strategy has
 * not finished) and both participants (prepared XA branches, locks, absorbed repeats, empty rollbacks,
 * suspended tries, their queue's lag). A service that is down (a fault) gives no figures for that reading;
 * the others still do, so the timeline shows in-doubt branches while their coordinator is dead. Once a
 * second, it also reads every row and counts the purchases that are not all or nothing right now.
 */
final class DtxProbe implements Probe {

    static final String IN_DOUBT = "dtx.inDoubt";
    static final String UNFINISHED = "dtx.unfinished";
    static final String PENDING_PURCHASES = "dtx.pendingPurchases";
    static final String INCONSISTENT_NOW = "dtx.inconsistentNow";
    static final String LOCK_OPEN = "dtx.locksOpen";
    static final String LOCK_P99 = "dtx.lockP99Ms";
    static final String LOCK_MAX = "dtx.lockMaxMs";
    static final String ABSORBED = "dtx.absorbed";
    static final String EMPTY_ROLLBACKS = "dtx.emptyRollbacks";
    static final String SUSPENDED_TRIES = "dtx.suspendedTries";
    static final String HELD = "dtx.held";

    private static final long FULL_READ_EVERY_MS = 1000;

    private final Stack stack;
    private final ServiceJson http = new ServiceJson();
    private long lastFullRead;
    private double inconsistentNow = Double.NaN;

    DtxProbe(Stack stack) {
        this.stack = stack;
    }

    @Override
    public Reading read() {
        return new Reading(json(ComponentKind.TRADE_SERVICE, "/internal/dtx/stats"),
                json(ComponentKind.INVENTORY_SERVICE, "/internal/tx/stats"),
                json(ComponentKind.COUPON_SERVICE, "/internal/tx/stats"));
    }

    /** Null while the service does not answer (killed, restarting). */
    private JsonNode json(ComponentKind kind, String path) {
        try {
            return http.get(stack.serviceUrl(kind) + path);
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public long quiesceBoundMillis() {
        return 30_000; // the repair jobs' deadlines are 3 s; recovery passes every second; a restarted consumer rejoins in seconds
    }

    final class Reading implements Probe.Reading {

        private final JsonNode trade;
        private final JsonNode stock;
        private final JsonNode coupon;

        Reading(JsonNode trade, JsonNode stock, JsonNode coupon) {
            this.trade = trade;
            this.stock = stock;
            this.coupon = coupon;
        }

        private boolean all() {
            return trade != null && stock != null && coupon != null;
        }

        @Override
        public Map<String, Double> figures() {
            Map<String, Double> v = new HashMap<>();
            if (stock != null && coupon != null) {
                v.put(IN_DOUBT, (double) (stock.path("inDoubt").asLong() + coupon.path("inDoubt").asLong()
                        + (trade == null ? 0 : trade.path("inDoubt").asLong())));
                v.put(ABSORBED, (double) (stock.path("absorbed").asLong() + coupon.path("absorbed").asLong()));
                v.put(EMPTY_ROLLBACKS, (double) (stock.path("emptyRollbacks").asLong() + coupon.path("emptyRollbacks").asLong()));
                v.put(SUSPENDED_TRIES, (double) (stock.path("suspendedTries").asLong() + coupon.path("suspendedTries").asLong()));
            }
            if (stock != null) { // the stock rows are the hot ones
                v.put(LOCK_OPEN, stock.path("locks").path("openNow").asDouble());
                v.put(LOCK_P99, stock.path("locks").path("p99Ms").asDouble());
                v.put(LOCK_MAX, stock.path("locks").path("maxMs").asDouble());
            }
            if (trade != null) {
                v.put(UNFINISHED, (double) unfinished(trade));
                v.put(PENDING_PURCHASES, trade.path("pendingPurchases").asDouble());
                v.put(HELD, trade.path("held").asDouble());
            }
            long now = System.currentTimeMillis();
            if (all() && now - lastFullRead >= FULL_READ_EVERY_MS) {
                lastFullRead = now;
                try {
                    inconsistentNow = new AllOrNothing().check(snapshot()).violations();
                } catch (IOException | RuntimeException e) {
                    inconsistentNow = Double.NaN; // a service went away between the reads
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!Double.isNaN(inconsistentNow)) {
                v.put(INCONSISTENT_NOW, inconsistentNow);
            }
            return v;
        }

        @Override
        public Object backlog() {
            return !all() ? "a service is down" : "unfinished " + unfinished(trade) + ", in doubt "
                    + (stock.path("inDoubt").asLong() + coupon.path("inDoubt").asLong()) + ", queue lag "
                    + (stock.path("lag").asLong() + coupon.path("lag").asLong()) + ", pending purchases " + pendingToSettle();
        }

        /** Undecided purchases the strategy still settles (none never does: its are left as they are). */
        private long pendingToSettle() {
            return "none".equals(trade.path("strategy").asString()) ? 0 : trade.path("pendingPurchases").asLong();
        }

        @Override
        public boolean quiet() {
            return all() && unfinished(trade) == 0 && pendingToSettle() == 0 && trade.path("held").asLong() == 0
                    && stock.path("inDoubt").asLong() == 0 && coupon.path("inDoubt").asLong() == 0
                    && stock.path("lag").asLong() == 0 && coupon.path("lag").asLong() == 0;
        }

        @Override
        public DtxState snapshot() throws IOException, InterruptedException {
            return DtxProbe.this.snapshot();
        }
    }

    private static long unfinished(JsonNode trade) {
        return trade.path("inDoubt").asLong() + trade.path("tccUndecided").asLong() + trade.path("outboxUnsent").asLong()
                + trade.path("halfUndecided").asLong();
    }

    /** Every row of the three databases (each read in one transaction), and what is still undecided. */
    DtxState snapshot() throws IOException, InterruptedException {
        JsonNode trade = http.get(stack.serviceUrl(ComponentKind.TRADE_SERVICE) + "/internal/dtx/state");
        JsonNode stockJson = http.get(stack.serviceUrl(ComponentKind.INVENTORY_SERVICE) + "/internal/tx/state"); // rows and counters
        JsonNode couponJson = http.get(stack.serviceUrl(ComponentKind.COUPON_SERVICE) + "/internal/tx/state");
        Participant stock = participant(stockJson, "stock");
        Participant coupon = participant(couponJson, "coupon");
        List<Purchase> purchases = new ArrayList<>();
        for (JsonNode p : trade.path("purchases")) {
            purchases.add(new Purchase(p.path("id").asString(), p.path("sku").asString(), text(p.path("coupon")),
                    p.path("status").asString(), p.path("createdAtMs").asLong(), p.path("decidedAtMs").asLong()));
        }
        Pending pending = new Pending(trade.path("inDoubt").asLong() + stockJson.path("inDoubt").asLong()
                + couponJson.path("inDoubt").asLong(), trade.path("tccUndecided").asLong(), trade.path("outboxUnsent").asLong(),
                trade.path("halfUndecided").asLong());
        return new DtxState(purchases, stock, coupon, pending);
    }

    private static Participant participant(JsonNode p, String name) {
        List<Item> items = new ArrayList<>();
        p.path("items").forEach(i -> items.add(new Item(i.path("key").asString(), i.path("initial").asLong(), i.path("free").asLong())));
        List<Hold> holds = new ArrayList<>();
        p.path("holds").forEach(h -> holds.add(new Hold(h.path("purchaseId").asString(), text(h.path("key")), h.path("state").asString())));
        List<Effect> effects = new ArrayList<>();
        p.path("effects").forEach(e -> effects.add(new Effect(e.path("purchaseId").asString(), e.path("op").asString(),
                e.path("atMs").asLong())));
        return new Participant(name, items, holds, effects);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asString();
    }
}
