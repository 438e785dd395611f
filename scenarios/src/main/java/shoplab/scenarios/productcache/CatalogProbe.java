package shoplab.scenarios.productcache;

import shoplab.run.Probe;
import shoplab.run.ServiceJson;
import shoplab.scenarios.productcache.checks.CatalogState;
import shoplab.stack.Stack;
import shoplab.topology.ComponentKind;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the product service's catalog counters four times a second: database queries per second and each cache
 * layer's hit ratio over the last interval, and the change stream's lag. Quiet once the stream has caught up.
 */
final class CatalogProbe implements Probe {

    static final String DB_QPS = "catalog.dbQueriesPerSec";
    static final String LOCAL_HIT = "catalog.localHitRatio";
    static final String REDIS_HIT = "catalog.redisHitRatio";
    static final String STREAM_LAG = "catalog.streamLag";
    /** The read path's database reads so far (a counter: the checker takes its rate over each second). */
    static final String DB_READS = shoplab.scenarios.productcache.checks.DatabaseWithinLimit.DB_READS;
    static final String DB_READS_QPS = shoplab.scenarios.productcache.checks.LoadUnderFaults.DB_READS_QPS;
    static final String DB_LIMIT = "catalog.dbLimitQps";
    static final String NOT_FOUND_QPS = "catalog.notFoundPerSec";
    static final String SHED_QPS = "catalog.shedPerSec";

    private final Stack stack;
    private final ServiceJson http = new ServiceJson();
    private JsonNode previous;
    private long previousAt;

    CatalogProbe(Stack stack) {
        this.stack = stack;
    }

    private String url(String path) {
        return stack.serviceUrl(ComponentKind.PRODUCT_SERVICE) + path;
    }

    @Override
    public Reading read() throws IOException, InterruptedException {
        return new Reading(http.get(url("/internal/catalog/stats")), System.nanoTime());
    }

    @Override
    public long quiesceBoundMillis() {
        return 10_000; // the change stream reads its log every 20 ms; a gap is passed over after 2 s
    }

    final class Reading implements Probe.Reading {

        private final JsonNode stats;
        private final long at;

        Reading(JsonNode stats, long at) {
            this.stats = stats;
            this.at = at;
        }

        @Override
        public Map<String, Double> figures() {
            Map<String, Double> v = new HashMap<>();
            v.put(STREAM_LAG, stats.path("streamLag").asDouble());
            v.put(DB_READS, stats.path("dbReads").asDouble());
            if (stats.path("protection").asBoolean()) {
                v.put(DB_LIMIT, stats.path("dbLimitQps").asDouble());
            }
            if (previous != null && at > previousAt) {
                double seconds = (at - previousAt) / 1e9;
                v.put(DB_QPS, (stats.path("dbQueries").asLong() - previous.path("dbQueries").asLong()) / seconds);
                v.put(DB_READS_QPS, (stats.path("dbReads").asLong() - previous.path("dbReads").asLong()) / seconds);
                v.put(NOT_FOUND_QPS, (stats.path("notFound").asLong() - previous.path("notFound").asLong()) / seconds);
                v.put(SHED_QPS, (stats.path("dbShed").asLong() - previous.path("dbShed").asLong()) / seconds);
                ratio(v, LOCAL_HIT, "localHits", "localMisses");
                ratio(v, REDIS_HIT, "redisHits", "redisMisses");
            }
            previous = stats;
            previousAt = at;
            return v;
        }

        private void ratio(Map<String, Double> v, String key, String hits, String misses) {
            long h = stats.path(hits).asLong() - previous.path(hits).asLong();
            long m = stats.path(misses).asLong() - previous.path(misses).asLong();
            if (h + m > 0) {
                v.put(key, (double) h / (h + m));
            }
        }

        @Override
        public boolean quiet() {
            return stats.path("streamLag").asLong() == 0;
        }

        @Override
        public Object backlog() {
            return stats.path("streamLag").asLong();
        }

        @Override
        public CatalogState snapshot() throws IOException, InterruptedException {
            JsonNode s = http.get(url("/internal/catalog/state"));
            List<CatalogState.Row> db = new ArrayList<>();
            s.path("db").forEach(r -> db.add(new CatalogState.Row(r.path("sku").asString(), r.path("version").asLong(),
                    r.path("priceCents").asLong())));
            List<CatalogState.Diverged> diverged = new ArrayList<>();
            s.path("diverged").forEach(d -> diverged.add(new CatalogState.Diverged(d.path("sku").asString(),
                    d.path("dbVersion").asLong(), d.path("dbPriceCents").asLong(), d.path("cacheVersion").asLong(),
                    d.path("cachePriceCents").asLong(), d.path("ttlMs").asLong() != -1)));
            return new CatalogState(s.path("strategy").asString(), s.path("promisedStalenessMs").asLong(), db, diverged,
                    s.path("dbQueries").asLong(), s.path("localHits").asLong(), s.path("localMisses").asLong(),
                    s.path("redisHits").asLong(), s.path("redisMisses").asLong(), s.path("protection").asBoolean(),
                    s.path("dbLimitQps").asDouble());
        }
    }
}
