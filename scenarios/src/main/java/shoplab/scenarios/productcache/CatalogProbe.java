package shoplab.scenarios.productcache;

import shoplab.run.Probe;
import shoplab.run.ServiceJson;
import shoplab.scenarios.productcache.checks.CatalogState;
import shoplab.stack.Lifecycle;
import shoplab.stack.Stack;
import shoplab.stack.edge.Cdn;
import shoplab.stack.edge.ProxyCache;
import shoplab.stack.edge.ReverseProxy;
import shoplab.topology.ComponentKind;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the product service's catalog counters four times a second, and the edge's caches (the reverse proxy's
 * and the CDN's, in this process): database queries per second, each cache layer's hit ratio over the last
 * interval, and the change stream's lag. Quiet once the stream has caught up.
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
    static final String PROXY_HIT = "edge.proxyHitRatio";
    static final String CDN_HIT = "edge.cdnHitRatio";

    private final Stack stack;
    private final ServiceJson http = new ServiceJson();
    private JsonNode previous;
    private long previousAt;

    private final long proxyTtlMs;
    private CatalogState.Edge previousEdge;

    CatalogProbe(Stack stack) {
        this.stack = stack;
        this.proxyTtlMs = proxyTtl(stack);
    }

    private String url(String path) {
        return stack.serviceUrl(ComponentKind.PRODUCT_SERVICE) + path;
    }

    @Override
    public Reading read() throws IOException, InterruptedException {
        return new Reading(http.get(url("/internal/catalog/stats")), edge(), System.nanoTime());
    }

    /** The edge's caches, counted since boot, summed over the instances: the reverse proxies' and the CDN's. */
    private CatalogState.Edge edge() {
        long ph = 0, pm = 0, ch = 0, cm = 0;
        for (Lifecycle part : stack.parts()) {
            if (part instanceof ReverseProxy proxy) {
                ProxyCache.Stats s = proxy.cacheStats();
                ph += s.hits();
                pm += s.misses();
            } else if (part instanceof Cdn cdn) {
                Cdn.Stats s = cdn.stats();
                ch += s.hits();
                cm += s.misses();
            }
        }
        return new CatalogState.Edge(proxyTtlMs, ph, pm, ch, cm);
    }

    /** How long the topology's reverse proxies keep a product page (the longest, if several say). */
    private static long proxyTtl(Stack stack) {
        return stack.topology().placed().stream().filter(p -> p.kind() == ComponentKind.REVERSE_PROXY)
                .flatMap(p -> p.component().cache().entrySet().stream())
                .filter(e -> PRODUCT_PAGE.startsWith(e.getKey()))
                .mapToLong(Map.Entry::getValue).max().orElse(0);
    }

    /** A product page's path, as the proxy's cached prefixes are matched against it. */
    static final String PRODUCT_PAGE = "/api/catalog/products/";

    @Override
    public long quiesceBoundMillis() {
        return 10_000; // the change stream reads its log every 20 ms; a gap is passed over after 2 s
    }

    final class Reading implements Probe.Reading {

        private final JsonNode stats;
        private final CatalogState.Edge edge;
        private final long at;

        Reading(JsonNode stats, CatalogState.Edge edge, long at) {
            this.stats = stats;
            this.edge = edge;
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
                ratio(v, PROXY_HIT, edge.proxyHits() - previousEdge.proxyHits(), edge.proxyMisses() - previousEdge.proxyMisses());
                ratio(v, CDN_HIT, edge.cdnHits() - previousEdge.cdnHits(), edge.cdnMisses() - previousEdge.cdnMisses());
            }
            previous = stats;
            previousEdge = edge;
            previousAt = at;
            return v;
        }

        private static void ratio(Map<String, Double> v, String key, long hits, long misses) {
            if (hits + misses > 0) {
                v.put(key, (double) hits / (hits + misses));
            }
        }

        private void ratio(Map<String, Double> v, String key, String hits, String misses) {
            ratio(v, key, stats.path(hits).asLong() - previous.path(hits).asLong(), stats.path(misses).asLong() - previous.path(misses).asLong());
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
            return new CatalogState(s.path("strategy").asString(), s.path("promisedStalenessMs").asLong(),
                    s.path("clientMaxAgeMs").asLong(), db, diverged,
                    s.path("dbQueries").asLong(), s.path("localHits").asLong(), s.path("localMisses").asLong(),
                    s.path("redisHits").asLong(), s.path("redisMisses").asLong(), s.path("protection").asBoolean(),
                    s.path("dbLimitQps").asDouble(), edge);
        }
    }
}
