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

    /** One reading of both services. */
    record Reading(JsonNode inventory, JsonNode orders) {
    }

    private final Stack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private long lastRequests = -1;
    private long lastAt;

    StackProbe(Stack stack) {
        this.stack = stack;
    }

    Reading read() throws IOException, InterruptedException {
        return new Reading(get(stack.serviceUrl(ComponentKind.INVENTORY_SERVICE) + "/api/stock/metrics"),
                get(stack.serviceUrl(ComponentKind.ORDER_SERVICE) + "/api/orders/metrics"));
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode());
        }
        return Json.MAPPER.readTree(r.body());
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
            if (prefix != null) {
                v.putAll(prefix.violations(finalState(r, perUserLimit, false)));
            }
        } catch (IOException e) {
            // a service is down (a fault, or stopping): the sample carries what could be read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Sample(atMs, v);
    }

    /** Whether the stack is quiet: no held order left, nothing waiting on the queue. */
    static boolean quiet(Reading r) {
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

    FinalState finalState(Reading r, int perUserLimit, boolean quiesced) {
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
