package shoplab.scenarios.productcache.checks;

import java.util.List;

/**
 * The product service's catalog as the lab reads it once the changes have stopped and the change stream has
 * caught up: every product's version and price in the database, the Redis copies that differ from it (and
 * whether each will expire: a copy with no time to live stays until something deletes it), and what the strategy
 * promises about staleness. Nothing in it moves while the stack is quiet (a TTL counting down would: the lab
 * takes two equal snapshots as quiet).
 */
public record CatalogState(String strategy, long promisedStalenessMs, long clientMaxAgeMs, List<Row> db, List<Diverged> diverged,
                           long dbQueries, long localHits, long localMisses, long redisHits, long redisMisses,
                           boolean protection, double dbLimitQps, Edge edge) {

    public CatalogState {
        edge = edge == null ? Edge.NONE : edge;
        db = List.copyOf(db);
        diverged = List.copyOf(diverged);
    }

    /**
     * The edge's caches in front of the service: the reverse proxy's (how long it keeps a product page: what a
     * read it answers may add to the service's promise) and the CDN's (static content), counted since boot.
     */
    public record Edge(long proxyTtlMs, long proxyHits, long proxyMisses, long cdnHits, long cdnMisses) {
        public static final Edge NONE = new Edge(0, 0, 0, 0, 0);
    }

    public record Row(String sku, long version, long priceCents) {
    }

    public record Diverged(String sku, long dbVersion, long dbPriceCents, long cacheVersion, long cachePriceCents, boolean expires) {
    }
}
