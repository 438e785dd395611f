package shoplab.services.product.catalog;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.Migrations;
import shoplab.services.common.Safeguards;
import shoplab.services.product.search.ProductSearch;
import tools.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Optional;

/**
 * The product service's catalog, wired for the run's cache-consistency strategy: its database (migrated from
 * {@code db/product} and seeded once), Redis, the read path, the change stream where the strategy follows
 * the change log, and the search index (Lucene), which follows it under every strategy. Built only when the stack names a strategy ({@link #STRATEGY}); without one the product
 * service keeps quoting its price list.
 */
@Component
@ConditionalOnProperty(name = ProductCatalog.STRATEGY)
public class ProductCatalog implements AutoCloseable {

    /** The strategy ({@link CacheConsistencyMechanism}), set by the stack when it is not {@code none}. */
    public static final String STRATEGY = "shoplab.product.catalog-strategy";
    public static final String PRODUCTS = "shoplab.product.catalog-products";
    public static final String SEED = "shoplab.product.catalog-seed";
    public static final String TTL_MS = "shoplab.product.cache-ttl-ms";
    public static final String SAFETY_TTL_MS = "shoplab.product.cache-safety-ttl-ms";
    public static final String LOCAL_TTL_MS = "shoplab.product.local-ttl-ms";
    public static final String DOUBLE_DELETE_MS = "shoplab.product.double-delete-ms";
    /** Whether the read path is protected (one database read per product at a time, behind a limit; absent products remembered). */
    public static final String PROTECTION = "shoplab.product.cache-protection";
    /** The limit on the read path's database reads per second, when protected. */
    public static final String DB_LIMIT_QPS = "shoplab.product.db-limit-qps";
    /** The safeguard a mutant of the strategy runs without ({@link CacheConsistencyMechanism#PRICE_CHECK}), or blank. */
    public static final String SAFEGUARD_OFF = "shoplab.product.safeguard-off";
    /** How long a client may keep a product page, s (Cache-Control max-age; 0: it must ask every time). */
    public static final String CLIENT_MAX_AGE_S = "shoplab.product.client-max-age-s";
    /** The Redis the copies live in (the stack sets it to the product service's Redis; the sales counter also needs Kafka). */
    public static final String REDIS_PORT = "shoplab.product.catalog-redis-port";

    private final HikariDataSource dataSource;
    private final CatalogStore store;
    private final RedisCopies redis;
    private final FillGate gate = new FillGate();
    private final DatabaseReads db;
    private final boolean protection;
    private final double dbLimitQps;
    private final long clientMaxAgeSeconds;
    private final Safeguards safeguards;
    private final ScheduledExecutorService windows = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "product-lab-windows");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> breakdown;
    private final ReadPath path;
    private final ChangeLogFollower stream;
    private final ProductSearch search;
    private final ChangeLogFollower indexer;
    private final List<AutoCloseable> parts = new ArrayList<>();

    public ProductCatalog(@Value("${" + STRATEGY + "}") String strategy,
                          @Value("${" + PRODUCTS + ":1000}") int products,
                          @Value("${" + SEED + ":1}") long seed,
                          @Value("${" + TTL_MS + ":1000}") long ttlMs,
                          @Value("${" + SAFETY_TTL_MS + ":30000}") long safetyTtlMs,
                          @Value("${" + LOCAL_TTL_MS + ":100}") long localTtlMs,
                          @Value("${" + DOUBLE_DELETE_MS + ":500}") long doubleDeleteMs,
                          @Value("${" + PROTECTION + ":true}") boolean protection,
                          @Value("${" + DB_LIMIT_QPS + ":120}") double dbLimitQps,
                          @Value("${" + CLIENT_MAX_AGE_S + ":1}") long clientMaxAgeSeconds,
                          @Value("${" + SAFEGUARD_OFF + ":}") String safeguardOff,
                          @Value("${" + REDIS_PORT + "}") int redisPort,
                          @Value("${spring.datasource.url}") String url,
                          @Value("${spring.datasource.username:}") String user,
                          @Value("${spring.datasource.password:}") String password,
                          ObjectMapper json) {
        ReadPath.Timings timings = new ReadPath.Timings(ttlMs, safetyTtlMs, localTtlMs, doubleDeleteMs);
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(16);
        c.setPoolName("product-catalog");
        this.dataSource = own(new HikariDataSource(c));
        Migrations.migrate(dataSource, "db/product");
        this.store = new CatalogStore(new JdbcTemplate(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        store.seedIfEmpty(new CatalogSeed(seed, products));
        this.redis = own(new RedisCopies(redisPort, json));
        if (!(dbLimitQps > 0)) {
            throw new IllegalArgumentException(DB_LIMIT_QPS + " must be above 0, was " + dbLimitQps);
        }
        if (clientMaxAgeSeconds < 0 || clientMaxAgeSeconds > 3600) {
            throw new IllegalArgumentException(CLIENT_MAX_AGE_S + " must be 0..3600 s, was " + clientMaxAgeSeconds);
        }
        this.clientMaxAgeSeconds = clientMaxAgeSeconds;
        this.safeguards = new Safeguards(safeguardOff.isBlank() ? null : safeguardOff)
                .requireKnown("the catalog", java.util.Set.of(CacheConsistencyMechanism.PRICE_CHECK));
        this.protection = protection;
        this.dbLimitQps = dbLimitQps;
        this.db = own(new DatabaseReads(store, protection ? dbLimitQps : 0));
        this.path = own(new ReadPath(strategy, store, redis, db, timings, gate, protection ? bloom(store) : sku -> true));
        this.stream = CacheConsistencyMechanism.CHANGE_STREAM.equals(strategy) ? own(new ChangeLogFollower("redis", store,
                redis.streamOffset() >= 0 ? redis.streamOffset() : store.lastChangeId(), // the seed needs no refresh: nothing is cached yet
                skus -> skus.forEach(sku -> store.read(sku).ifPresent(path::refresh)), redis::streamOffset)) : null;
        // The search index lives in memory: built from the database at start, then fed by the same change log.
        this.search = own(new ProductSearch());
        long indexedUpTo = store.lastChangeId();
        store.all().forEach(v -> search.upsert(doc(v)));
        this.indexer = own(new ChangeLogFollower("search", store, indexedUpTo, skus -> skus.forEach(this::reindex), id -> { }));
    }

    private <T extends AutoCloseable> T own(T part) {
        parts.add(0, part);
        return part;
    }

    CatalogStore store() {
        return store;
    }

    RedisCopies redis() {
        return redis;
    }

    ReadPath path() {
        return path;
    }

    DatabaseReads db() {
        return db;
    }

    boolean protection() {
        return protection;
    }

    double dbLimitQps() {
        return dbLimitQps;
    }

    long clientMaxAgeSeconds() {
        return clientMaxAgeSeconds;
    }

    /** A checkout, priced by the database (or, without the price check, by what the read path shows). */
    CatalogStore.Checkout checkout(String checkoutId, String sku, boolean member, long shownVersion) {
        return store.checkout(checkoutId, sku, member, shownVersion, safeguards.on(CacheConsistencyMechanism.PRICE_CHECK)
                ? store::readForCheckout
                : s -> Optional.of(path.read(s).view())); // the mutant: whatever copy a cache holds
    }

    /** The lab's windows inside the read path. */
    static final List<String> WINDOWS = List.of(FillGate.WINDOW, "breakdown", "avalanche");
    /** While the breakdown window is open, the hottest product's copies expire this often. */
    static final long BREAKDOWN_EVERY_MS = 500;

    /**
     * Opens or closes a window: {@code slow-fill} ({@link FillGate}); {@code breakdown}, the most read product's
     * copies expire every {@link #BREAKDOWN_EVERY_MS} while it is open (a hot key with a short TTL, under load);
     * {@code avalanche}, every copy expires at once as it opens.
     *
     * @return what it did, for the fault's record
     */
    synchronized String window(String kind, boolean open) {
        switch (kind) {
            case FillGate.WINDOW -> gate.open(open);
            case "breakdown" -> {
                if (breakdown != null) {
                    breakdown.cancel(false);
                    breakdown = null;
                }
                if (open) {
                    breakdown = windows.scheduleAtFixedRate(path::expireHottest, 0, BREAKDOWN_EVERY_MS, TimeUnit.MILLISECONDS);
                }
            }
            case "avalanche" -> {
                if (open) {
                    return "expired " + path.expireAll() + " copies at once";
                }
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return open ? "opened" : "closed";
    }

    /**
     * The catalog's SKUs in a Bloom filter (Guava's, 1% false positives): products are never created while the
     * service runs, so it is built once. A read for a SKU it has never seen (a probe for products that do not
     * exist, the cache's penetration) is answered 404 without a query.
     */
    private static java.util.function.Predicate<String> bloom(CatalogStore store) {
        List<String> skus = store.all().stream().map(ProductView::sku).toList();
        BloomFilter<String> f = BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8), Math.max(1000, skus.size()), 0.01);
        skus.forEach(f::put);
        return f::mightContain;
    }

    private void reindex(String sku) {
        store.read(sku).ifPresentOrElse(v -> search.upsert(doc(v)), () -> search.delete(sku));
    }

    private ProductSearch.ProductDoc doc(ProductView v) {
        return new ProductSearch.ProductDoc(v.sku(), v.name(), v.brand(), store.categoryPath(v.categoryId()), v.priceCents(),
                v.detail(), v.version());
    }

    ProductSearch search() {
        return search;
    }

    /** Changes the search index has not taken in yet. */
    long searchLag() {
        return indexer.lag();
    }

    /** The change stream's lag (changes logged, not applied); 0 for a strategy that does not follow the log. */
    long streamLag() {
        return stream == null ? 0 : stream.lag();
    }

    long streamApplied() {
        return stream == null ? 0 : stream.applied();
    }

    @Override
    public void close() {
        windows.shutdownNow();
        for (AutoCloseable p : parts) {
            try {
                p.close();
            } catch (Exception e) {
                // closing: the rest must close too
            }
        }
    }
}
