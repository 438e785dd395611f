package shoplab.run;

import shoplab.checks.FinalState;
import shoplab.checks.SkuState;
import shoplab.history.Sample;
import shoplab.report.Json;
import shoplab.stack.Stack;
import shoplab.topology.ComponentKind;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the stack's server-side figures from the services' metrics endpoints, directly on each service's
 * own port so that the lab's reads add no load to the edge nor latency to the links it measures.
 */
final class StackProbe {

    /** One reading of the services: inventory and orders, and the trade side when the stack runs one. */
    record Reading(JsonNode inventory, JsonNode orders, TradeProbe.Reading trade) {
    }

    /** GETs JSON from a service's own port. */
    static final class Http {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

        JsonNode get(String url) throws IOException, InterruptedException {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException(url + " answered " + r.statusCode());
            }
            return Json.MAPPER.readTree(r.body());
        }
    }

    private final Stack stack;
    private final Http http = new Http();
    private final TradeProbe trade;
    private long lastRequests = -1;
    private long lastAt;

    /** @param epochMs the wall-clock instant the run's clock started (trade times are read onto it) */
    StackProbe(Stack stack, long epochMs) {
        this.stack = stack;
        this.trade = stack.runsTrade() ? new TradeProbe(stack, http, epochMs) : null;
    }

    Reading read() throws IOException, InterruptedException {
        return new Reading(http.get(stack.serviceUrl(ComponentKind.INVENTORY_SERVICE) + "/api/stock/metrics"),
                http.get(stack.serviceUrl(ComponentKind.ORDER_SERVICE) + "/api/orders/metrics"),
                trade == null ? null : trade.read());
    }

    /**
     * A sample for the timeline; figures a down service cannot give are left out. When live checks are
     * due, their violation counts on the history so far and the stores now ride along.
     */
    Sample sample(long atMs, LiveChecks live, int perUserLimit) {
        LiveChecks.Prefix prefix = live.snapshot(atMs);
        Map<String, Double> v = new HashMap<>();
        long requests = stack.proxiedRequests();
        long now = System.nanoTime();
        if (lastRequests >= 0) {
            v.put(Sample.REQUESTS_PER_SECOND, (requests - lastRequests) / ((now - lastAt) / 1e9));
        }
        lastRequests = requests;
        lastAt = now;
        try {
            Reading r = read();
            double db = 0;
            double redis = 0;
            boolean hasRedis = false;
            for (JsonNode s : r.inventory().path("skus")) {
                db += s.path("db").asDouble();
                if (!s.path("redis").isNull() && !s.path("redis").isMissingNode()) {
                    hasRedis = true;
                    redis += s.path("redis").asDouble();
                }
            }
            v.put(Sample.DB_STOCK, db);
            if (hasRedis) {
                v.put(Sample.REDIS_STOCK, redis);
            }
            v.put(Sample.QUEUE_LAG, r.inventory().path("queueLag").asDouble());
            double held = 0;
            double sold = 0;
            for (JsonNode s : r.orders().path("skus")) {
                held += s.path("held").asDouble();
                sold += s.path("sold").asDouble();
            }
            v.put(Sample.HELD, held);
            v.put(Sample.SOLD, sold);
            if (r.trade() != null) {
                trade.figures(r.trade(), v);
            }
            if (prefix != null) {
                FinalState stores = stockState(r, perUserLimit, false);
                v.putAll(prefix.violations(trade == null ? stores : stores.withTrade(trade.snapshot(r.trade()))));
            }
        } catch (IOException e) {
            // a service is down (a fault, or stopping): the sample carries what could be read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Sample(atMs, v);
    }

    /** Whether the stack is quiet: no held or open order left, nothing waiting on the queue or to be notified. */
    static boolean quiet(Reading r) {
        if (r.trade() != null && !TradeProbe.quiet(r.trade())) {
            return false;
        }
        if (r.inventory().path("queueLag").asLong() != 0) {
            return false;
        }
        for (JsonNode s : r.orders().path("skus")) {
            if (s.path("held").asLong() != 0) {
                return false;
            }
        }
        return true;
    }

    /** The stores after the load: the stock side, and the trade side's snapshot when the stack runs one. */
    FinalState finalState(Reading r, int perUserLimit, boolean quiesced) throws IOException, InterruptedException {
        FinalState state = stockState(r, perUserLimit, quiesced);
        return trade == null ? state : state.withTrade(trade.snapshot(r.trade()));
    }

    /** The stock side of a reading: cheap, so live checks can judge it every second. */
    private FinalState stockState(Reading r, int perUserLimit, boolean quiesced) {
        List<SkuState> skus = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = r.inventory().path("skus").properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode inv = e.getValue();
            JsonNode ord = r.orders().path("skus").path(e.getKey());
            JsonNode redis = inv.path("redis");
            skus.add(new SkuState(e.getKey(), inv.path("initial").asLong(), inv.path("db").asLong(),
                    redis.isNull() || redis.isMissingNode() ? null : redis.asLong(),
                    ord.path("sold").asLong(), ord.path("held").asLong(), ord.path("released").asLong()));
        }
        return new FinalState(skus, perUserLimit, r.inventory().path("stockWrites").asLong(), quiesced);
    }
}
