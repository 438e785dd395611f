package shoplab.scenarios.flashsale;

import shoplab.history.Sample;
import shoplab.run.Probe;
import shoplab.run.ServiceJson;
import shoplab.scenarios.flashsale.checks.OrderRecords;
import shoplab.scenarios.flashsale.checks.SkuState;
import shoplab.scenarios.flashsale.checks.StockSnapshot;
import shoplab.stack.Stack;
import shoplab.topology.ComponentKind;
import shoplab.topology.Placed;
import shoplab.topology.Topology;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stock side of a stack, read from the inventory and order services: stock in Redis and the DB, the
 * queue's lag, units held and sold for the timeline; quiet when no unit is held and the queue is drained;
 * the {@link StockSnapshot} the flash-sale checkers judge. Every scenario's stack has this side, so the
 * payment and benchmark scenarios read it too. The other data centers' inventory and order services are
 * read too, for their own nodes' figures ({@code dc-b/redis.redisStock}); the entry data center's are the
 * run's figures.
 */
public final class StockProbe implements Probe {

    /** How long, beyond the hold time, the stack may take to drain after the load. */
    private static final long QUIESCE_SLACK_MS = 30_000;

    private final Stack stack;
    private final ServiceJson http;
    private final int perUserLimit;
    private final long holdMillis;
    private final long epochMs;

    /**
     * @param perUserLimit the limit the snapshot tells the checkers
     * @param holdMillis   how long an unpaid order holds its units (real ms): the stack cannot drain sooner
     * @param epochMs      the wall-clock instant the run's clock started (the services stamp epoch ms)
     */
    public StockProbe(Stack stack, ServiceJson http, int perUserLimit, long holdMillis, long epochMs) {
        this.stack = stack;
        this.http = http;
        this.perUserLimit = perUserLimit;
        this.holdMillis = holdMillis;
        this.epochMs = epochMs;
    }

    @Override
    public Reading read() throws IOException, InterruptedException {
        Map<String, Double> elsewhere = new HashMap<>();
        Map<String, String> inventories = stack.serviceUrls(ComponentKind.INVENTORY_SERVICE);
        Map<String, String> orders = stack.serviceUrls(ComponentKind.ORDER_SERVICE);
        for (String id : inventories.keySet().stream().skip(1).toList()) { // the first is the entry data center's
            try {
                otherSite(id, inventories.get(id), orders, elsewhere);
            } catch (IOException downThere) {
                // a data center down (a fault): its nodes show no figure
            }
        }
        return new Reading(http.get(stack.serviceUrl(ComponentKind.INVENTORY_SERVICE) + "/internal/stock/metrics"),
                http.get(stack.serviceUrl(ComponentKind.ORDER_SERVICE) + "/internal/orders/metrics"), elsewhere);
    }

    /** One other data center's stock figures, each under the id of the component it is about. */
    private void otherSite(String inventoryId, String inventoryUrl, Map<String, String> orders, Map<String, Double> into)
            throws IOException, InterruptedException {
        Topology t = stack.topology();
        Placed inventory = t.placed(inventoryId).orElseThrow();
        Map<String, Double> own = inventoryFigures(http.get(inventoryUrl + "/internal/stock/metrics"));
        t.callee(inventory, ComponentKind.DATABASE).ifPresent(db -> copy(own, Sample.DB_STOCK, db, into));
        t.callee(inventory, ComponentKind.REDIS).ifPresent(r -> copy(own, Sample.REDIS_STOCK, r, into));
        t.callee(inventory, ComponentKind.KAFKA).ifPresent(k -> copy(own, Sample.QUEUE_LAG, k, into));
        for (Placed order : t.inDataCenter(inventory.dataCenter(), ComponentKind.ORDER_SERVICE)) {
            String url = orders.get(order.id());
            if (url != null) {
                Map<String, Double> held = orderFigures(http.get(url + "/internal/orders/metrics"));
                copy(held, Sample.HELD, order, into);
                copy(held, Sample.SOLD, order, into);
            }
        }
    }

    private static void copy(Map<String, Double> from, String key, Placed component, Map<String, Double> into) {
        Double v = from.get(key);
        if (v != null) {
            into.put(component.id() + "." + key, v);
        }
    }

    /** Stock in the DB and in Redis (when the strategy keeps it there) and the queue's lag, from an inventory's metrics. */
    private static Map<String, Double> inventoryFigures(JsonNode inventory) {
        Map<String, Double> v = new HashMap<>();
        double db = 0;
        double redis = 0;
        boolean hasRedis = false;
        for (JsonNode s : inventory.path("skus")) {
            db += s.path("db").asDouble();
            if (!isAbsent(s.path("redis"))) {
                hasRedis = true;
                redis += s.path("redis").asDouble();
            }
        }
        v.put(Sample.DB_STOCK, db);
        if (hasRedis) {
            v.put(Sample.REDIS_STOCK, redis);
        }
        v.put(Sample.QUEUE_LAG, inventory.path("queueLag").asDouble());
        v.put(Sample.REDIS_WAIT_FALLBACKS, inventory.path("redisWaitFallbacks").asDouble());
        return v;
    }

    /** Units held and sold, from an order service's metrics. */
    private static Map<String, Double> orderFigures(JsonNode orders) {
        double held = 0;
        double sold = 0;
        for (JsonNode s : orders.path("skus")) {
            held += s.path("held").asDouble();
            sold += s.path("sold").asDouble();
        }
        return Map.of(Sample.HELD, held, Sample.SOLD, sold);
    }

    @Override
    public long quiesceBoundMillis() {
        return holdMillis + QUIESCE_SLACK_MS;
    }

    /** One reading of the inventory's and the order service's metrics. */
    public final class Reading implements Probe.Reading {

        private final JsonNode inventory;
        private final JsonNode orders;
        private final Map<String, Double> elsewhere;

        private Reading(JsonNode inventory, JsonNode orders, Map<String, Double> elsewhere) {
            this.inventory = inventory;
            this.orders = orders;
            this.elsewhere = elsewhere;
        }

        @Override
        public Map<String, Double> figures() {
            Map<String, Double> v = inventoryFigures(inventory);
            v.putAll(orderFigures(orders));
            v.put(Sample.DB_STATEMENTS, inventory.path("dbStatements").asDouble() + orders.path("dbStatements").asDouble());
            v.putAll(elsewhere);
            return v;
        }

        /**
         * No unit held by an order, nothing waiting on a queue, no given-up order's unit still out, every step
         * of the order buffer in the database.
         */
        @Override
        public boolean quiet() {
            if (inventory.path("queueLag").asLong() != 0 || orders.path("givenUpPending").asLong() != 0
                    || orders.path("queued").path("unstored").asLong() != 0) {
                return false;
            }
            for (JsonNode s : orders.path("skus")) {
                if (s.path("held").asLong() != 0) {
                    return false;
                }
            }
            return true;
        }

        /** Units still held and change records still queued: what the stack has left to drain. */
        @Override
        public String backlog() {
            long held = 0;
            for (JsonNode s : orders.path("skus")) {
                held += s.path("held").asLong();
            }
            long givenUp = orders.path("givenUpPending").asLong();
            long unstored = orders.path("queued").path("unstored").asLong();
            return "held " + held + ", queue lag " + inventory.path("queueLag").asLong()
                    + (givenUp == 0 ? "" : ", given-up orders not yet released " + givenUp)
                    + (unstored == 0 ? "" : ", orders not yet in the database " + unstored);
        }

        private OrderRecords orderRecords() throws IOException, InterruptedException {
            return shoplab.history.HistoryJson.MAPPER.convertValue(
                    http.get(stack.serviceUrl(ComponentKind.ORDER_SERVICE) + "/internal/orders/records"), OrderRecords.class);
        }

        /** The stores from this reading (and, once quiet, the order rows). */
        @Override
        public StockSnapshot snapshot() throws IOException, InterruptedException {
            List<SkuState> skus = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : inventory.path("skus").properties()) {
                JsonNode inv = e.getValue();
                JsonNode ord = orders.path("skus").path(e.getKey());
                JsonNode redis = inv.path("redis");
                List<Long> releaseStarts = new ArrayList<>();
                ord.path("releaseStarts").forEach(t -> releaseStarts.add(t.asLong() - epochMs));
                skus.add(new SkuState(e.getKey(), inv.path("initial").asLong(), inv.path("db").asLong(),
                        isAbsent(redis) ? null : redis.asLong(),
                        ord.path("sold").asLong(), ord.path("held").asLong(), ord.path("released").asLong(), releaseStarts));
            }
            // The order rows only once quiet: what the stores hold then no longer moves, so they agree with
            // the stock read just before; during a run (live checks) they would be big and torn anyway.
            return new StockSnapshot(skus, perUserLimit, inventory.path("stockWrites").asLong(), quiet() ? orderRecords() : null);
        }
    }

    private static boolean isAbsent(JsonNode n) {
        return n.isNull() || n.isMissingNode();
    }
}
