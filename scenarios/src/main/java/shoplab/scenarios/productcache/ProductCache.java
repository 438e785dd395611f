package shoplab.scenarios.productcache;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.report.ChartSpec;
import shoplab.report.Presentation;
import shoplab.run.FaultStep;
import shoplab.run.LoadEnd;
import shoplab.run.Parameter;
import shoplab.run.Params;
import shoplab.run.Probe;
import shoplab.run.Scenario;
import shoplab.scenarios.productcache.checks.CacheFigures;
import shoplab.scenarios.productcache.checks.CatalogCheckers;
import shoplab.scenarios.productcache.checks.CatalogState;
import shoplab.scenarios.productcache.checks.ChargedTheCheckoutPrice;
import shoplab.scenarios.productcache.checks.DatabaseWithinLimit;
import shoplab.scenarios.productcache.checks.LoadUnderFaults;
import shoplab.scenarios.productcache.checks.Freshness;
import shoplab.services.product.ProductApp;
import shoplab.services.product.catalog.CacheConsistencyMechanism;
import shoplab.services.product.catalog.CatalogSeed;
import shoplab.services.product.catalog.ProductCatalog;
import shoplab.stack.Stack;
import shoplab.stack.StackOptions;
import shoplab.topology.ComponentKind;
import shoplab.topology.Topology;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static shoplab.report.FigureColumn.count;
import static shoplab.report.FigureColumn.ratio;

/**
 * The product side and its caches: shoppers read product pages (a hot product and a long tail) through the
 * product service's process cache, Redis and the product database, while merchants change prices. Each
 * cache-consistency strategy meets the same load and the same fault window (fills that read before a change
 * and write after it); every read is judged against the database's true timeline: stale or fresh, how stale,
 * and whether its price ever existed.
 */
public final class ProductCache implements Scenario {

    static final String READ_RATE = "readRate";
    static final String CHANGE_RATE = "changeRate";
    static final String SECONDS = "seconds";
    static final String PRODUCTS = "products";
    static final String HOT_SHARE = "hotShare";
    static final String STALE_EDITS = "staleEditShare";
    static final String TTL_MS = "ttlMs";
    static final String DOUBLE_DELETE_MS = "doubleDeleteMs";
    static final String FAULTS = "faults";
    static final String PROBE_RATE = "probeRate";
    static final String PROTECTION = "protection";
    static final String DB_LIMIT = "dbLimitQps";

    /** Where in the load (as shares of it) the plan's faults fall; the probes for missing products are the load's own. */
    static final double SLOW_FILL_FROM = 0.10, SLOW_FILL_TO = 0.30;
    static final double BREAKDOWN_FROM = 0.35, BREAKDOWN_TO = 0.45;
    static final double AVALANCHE_AT = 0.50;
    static final double PROBES_FROM = 0.58, PROBES_TO = 0.70;
    static final double REDIS_DOWN_FROM = 0.75, REDIS_DOWN_TO = 0.88;
    /** The database's extra one-way latency while the hot key breaks down: a product page is a costly query. */
    static final double BREAKDOWN_DB_SLOW_MS = 20;

    /** Where the load starts on the run clock, the same for every strategy, so the plan's window strikes the same load. */
    static final long LOAD_START_MS = 6000;
    static final String HOT_SKU = CatalogSeed.sku(1);

    static String sku(int n) {
        return CatalogSeed.sku(n);
    }

    @Override
    public String name() {
        return "product-cache";
    }

    @Override
    public String description() {
        return "Product pages from Redis and a process cache while merchants change prices: how stale does each cache-consistency strategy let a read be, and does any show a price that never was?";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.decimal(READ_RATE, 100, 1, 20_000, "product page reads started per second"),
                Parameter.decimal(CHANGE_RATE, 4, 0.1, 1000, "merchant price changes started per second"),
                Parameter.integer(SECONDS, 30, 10, 3600, "seconds of load (the fault plan is laid out over it)"),
                Parameter.integer(PRODUCTS, 1000, 1, CatalogSeed.MAX_PRODUCTS, "products in the catalog"),
                Parameter.decimal(HOT_SHARE, 0.3, 0, 1, "share of reads and changes on the hot product " + HOT_SKU),
                Parameter.decimal(STALE_EDITS, 0.2, 0, 1, "share of changes made to a version already overtaken (refused: 409)"),
                Parameter.integer(TTL_MS, 1000, 1, 600_000, "cache-aside-ttl's TTL, ms"),
                Parameter.integer(DOUBLE_DELETE_MS, 500, 1, 60_000, "delayed-double-delete's second delete, ms after the first"),
                Parameter.decimal(PROBE_RATE, 200, 0, 20_000, "reads a second of products that do not exist, while the plan probes (penetration)"),
                Parameter.text(PROTECTION, "on", "on: one database read per product at a time, behind the limit, and a Bloom filter of the SKUs; off: none"),
                Parameter.decimal(DB_LIMIT, 120, 1, 100_000, "the read path's database reads a second, at most (the protection's limit; judged either way)"),
                Parameter.text(FAULTS, "plan", "plan: slow fills, the hot key's breakdown, an avalanche, probes for missing products, Redis down; none: no faults"));
    }

    @Override
    public String mechanism() {
        return CacheConsistencyMechanism.NAME;
    }

    /** The catalog's strategies; {@code none} runs no catalog, so there would be nothing to compare. */
    @Override
    public List<String> strategies() {
        return new CacheConsistencyMechanism().catalogStrategies();
    }

    @Override
    public String measuredOperation() {
        return Freshness.READ;
    }

    @Override
    public String simulationClass() {
        return CatalogSimulation.class.getName();
    }

    @Override
    public String defaultTopology() {
        return "product-cache.yaml";
    }

    @Override
    public Optional<String> unsuitable(Topology topology) {
        long products = topology.placed().stream().filter(p -> p.kind() == ComponentKind.PRODUCT_SERVICE).count();
        return products == 1 ? Optional.empty() : Optional.of("it needs exactly one product service (its process cache is "
                + "invalidated by its own writes; several would need a broadcast the lab does not model yet), found " + products);
    }

    @Override
    public StackOptions stackOptions(Params p, long seed, Path workDir) {
        return StackOptions.in(workDir)
                .services(ComponentKind.PRODUCT_SERVICE)
                .set(ComponentKind.PRODUCT_SERVICE, ProductApp.PRICES, "sku-1:100") // the checkout's price list: unused here
                .set(ComponentKind.PRODUCT_SERVICE, ProductCatalog.PRODUCTS, p.getInt(PRODUCTS))
                .set(ComponentKind.PRODUCT_SERVICE, ProductCatalog.SEED, seed)
                .set(ComponentKind.PRODUCT_SERVICE, ProductCatalog.TTL_MS, p.getLong(TTL_MS))
                .set(ComponentKind.PRODUCT_SERVICE, ProductCatalog.DOUBLE_DELETE_MS, p.getLong(DOUBLE_DELETE_MS))
                .set(ComponentKind.PRODUCT_SERVICE, ProductCatalog.PROTECTION, protection(p))
                .set(ComponentKind.PRODUCT_SERVICE, ProductCatalog.DB_LIMIT_QPS, p.getDouble(DB_LIMIT))
                .file(CatalogSimulation.STYLESHEET.substring(1), ".product{font-family:sans-serif}.price{font-weight:bold}\n")
                .build();
    }

    private static boolean protection(Params p) {
        return switch (p.get(PROTECTION)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(PROTECTION + ": '" + p.get(PROTECTION) + "' is not on or off");
        };
    }

    /**
     * The plan, laid out over the load: slow fills (fills that read before a change write after it), the hot key
     * breaking down while the database is slow (its copies expire every half second), an avalanche (every copy
     * expires at once), then (the load's own) probes for products that do not exist, then Redis down.
     */
    @Override
    public List<FaultStep> plannedFaults(Params p) {
        protection(p); // a bad value is refused before anything boots
        return switch (p.get(FAULTS)) {
            case "none" -> List.of();
            case "plan" -> List.of(
                    step(p, SLOW_FILL_FROM, "open", "product/slow-fill"), step(p, SLOW_FILL_TO, "heal", "product/slow-fill"),
                    new FaultStep(at(p, BREAKDOWN_FROM), "slow", "product->db", BREAKDOWN_DB_SLOW_MS),
                    step(p, BREAKDOWN_FROM, "open", "product/breakdown"), step(p, BREAKDOWN_TO, "heal", "product/breakdown"),
                    step(p, BREAKDOWN_TO, "heal", "product->db"),
                    step(p, AVALANCHE_AT, "open", "product/avalanche"), new FaultStep(at(p, AVALANCHE_AT) + 500, "heal", "product/avalanche", 0),
                    step(p, REDIS_DOWN_FROM, "kill", "redis"), step(p, REDIS_DOWN_TO, "restart", "redis"));
            default -> throw new IllegalArgumentException(FAULTS + ": '" + p.get(FAULTS) + "' is not plan or none");
        };
    }

    static long at(Params p, double share) {
        return LOAD_START_MS + Math.round(share * p.getLong(SECONDS) * 1000);
    }

    private static FaultStep step(Params p, double share, String action, String target) {
        return new FaultStep(at(p, share), action, target, 0);
    }

    @Override
    public Optional<LoadEnd> loadEnd(Params p) {
        return Optional.of(LoadEnd.ofSteady(LOAD_START_MS - LoadEnd.GENERATOR_START_MS, p.getLong(SECONDS) * 1000));
    }

    @Override
    public long loadTimeoutSeconds(Params p) {
        return LOAD_START_MS / 1000 + p.getLong(SECONDS) + 120;
    }

    @Override
    public Map<String, String> loadProperties(Params p, long seed) {
        return Map.of(
                CatalogSimulation.P_READ_RATE, p.get(READ_RATE),
                CatalogSimulation.P_CHANGE_RATE, p.get(CHANGE_RATE),
                CatalogSimulation.P_SECONDS, p.get(SECONDS),
                CatalogSimulation.P_PRODUCTS, p.get(PRODUCTS),
                CatalogSimulation.P_HOT_SHARE, p.get(HOT_SHARE),
                CatalogSimulation.P_STALE_EDITS, p.get(STALE_EDITS),
                CatalogSimulation.P_PROBE_RATE, "plan".equals(p.get(FAULTS)) ? p.get(PROBE_RATE) : "0",
                CatalogSimulation.P_PROBES_FROM_MS, String.valueOf(at(p, PROBES_FROM)),
                CatalogSimulation.P_PROBES_MS, String.valueOf(at(p, PROBES_TO) - at(p, PROBES_FROM)),
                CatalogSimulation.P_SEED, String.valueOf(seed));
    }

    /** ... and the back office's address: the product service's own port, inside the data center. */
    @Override
    public Map<String, String> loadProperties(Params p, long seed, Stack stack) {
        Map<String, String> all = new java.util.HashMap<>(loadProperties(p, seed));
        all.put(CatalogSimulation.P_BACK_OFFICE, stack.serviceUrl(ComponentKind.PRODUCT_SERVICE));
        return all;
    }

    @Override
    public Map<String, String> mutationParams() {
        return Map.of(SECONDS, "10");
    }

    @Override
    public List<String> tryByHand(URI entry, Params p) {
        return List.of("curl -i " + entry + "/api/catalog/products/" + HOT_SKU,
                "curl '" + entry + "/api/catalog/search?q=phones&maxPriceCents=50000'",
                "# the back office is inside the data center: PUT <product's own address, see 'shoplab up'>/internal/merchant/products/"
                        + HOT_SKU + "/prices {\"listCents\":1999,\"expectedVersion\":1}");
    }

    @Override
    public List<Checker> checkers() {
        return CatalogCheckers.all();
    }

    @Override
    public Probe probe(Stack stack, Params p, long epochMs) {
        return new CatalogProbe(stack);
    }

    @Override
    public Map<String, Number> figures(List<Verdict> verdicts, FinalState state) {
        Map<String, Number> f = new LinkedHashMap<>();
        for (String k : List.of(CacheFigures.READS, CacheFigures.STALE_SHARE, CacheFigures.STALE_P50_MS, CacheFigures.STALE_P99_MS,
                CacheFigures.STALE_MAX_MS, CacheFigures.STALE_MAX_MS + ".client", CacheFigures.STALE_MAX_MS + ".proxy", CacheFigures.STALE_MAX_MS + ".local", CacheFigures.STALE_MAX_MS + ".redis",
                CacheFigures.STALE_MAX_MS + ".db", CacheFigures.PHANTOM_READS, CacheFigures.NEVER_HEAL,
                ChargedTheCheckoutPrice.CHECKOUTS, ChargedTheCheckoutPrice.WRONG_CHARGES)) {
            Double v = Verdict.figure(verdicts, k);
            if (v != null) {
                f.put(k, v);
            }
        }
        CatalogState s = state == null ? null : state.snapshot(CatalogState.class);
        if (s != null) {
            f.put(LOCAL_HIT_RATIO, hitRatio(s.localHits(), s.localMisses()));
            f.put(REDIS_HIT_RATIO, hitRatio(s.redisHits(), s.redisMisses()));
            f.put(PROXY_HIT_RATIO, hitRatio(s.edge().proxyHits(), s.edge().proxyMisses()));
            f.put(CDN_HIT_RATIO, hitRatio(s.edge().cdnHits(), s.edge().cdnMisses()));
            Double reads = Verdict.figure(verdicts, CacheFigures.READS);
            if (reads != null && reads > 0) {
                f.put(DB_PER_READ, s.dbQueries() / reads);
            }
        }
        return f;
    }

    /** The verdicts' and final state's figures, then the database's load under each fault. */
    @Override
    public Map<String, Number> figures(List<Verdict> verdicts, CheckInput run) {
        Map<String, Number> f = figures(verdicts, run.finalState());
        Double worst = Verdict.figure(verdicts, DatabaseWithinLimit.MAX_QPS);
        if (worst != null) {
            f.put(DatabaseWithinLimit.MAX_QPS, worst);
        }
        f.putAll(LoadUnderFaults.of(run, CatalogSimulation.PROBE));
        return f;
    }

    static final String LOCAL_HIT_RATIO = "localHitRatio";
    static final String PROXY_HIT_RATIO = "proxyHitRatio";
    static final String CDN_HIT_RATIO = "cdnHitRatio";
    static final String REDIS_HIT_RATIO = "redisHitRatio";
    static final String DB_PER_READ = "dbQueriesPerRead";

    private static double hitRatio(long hits, long misses) {
        return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    }

    @Override
    public Presentation presentation() {
        return PRESENTATION;
    }

    private static final Presentation PRESENTATION = new Presentation(
            "Every strategy meets the same shoppers and merchants and the same fault plan (shaded): slow fills (a cache "
                    + "fill that read the database waits until the next change of its product has done its cache step, then "
                    + "writes what it read), the hot product's copies expiring every half second while the database is slow "
                    + "(breakdown), every copy expiring at once (avalanche), reads of products that do not exist (probes, the "
                    + "load's own: penetration), Redis killed and restarted. A read is stale when a newer version had already been "
                    + "answered to its merchant when the read began; stale ms is how long before. Phantom reads saw a "
                    + "price the database never had at that version; a page the reverse proxy kept is allowed its TTL on "
                    + "top of the strategy's promise, and a page the shopper's own client kept (a third of the shoppers look "
                    + "again 0.2-2 s later: Gatling's HTTP cache honours the page's max-age of 1 s and revalidates its ETag "
                    + "after it) its max-age too. A fifth of the shoppers check out what they read: charged at the price the "
                    + "database has then, or refused (409) when the page they saw was another version. Never heal: Redis copies that differ from the "
                    + "database at the end with no expiry. Hit ratios are the CDN's (the page's stylesheet), the reverse proxy's (product pages, kept as long as the topology's cache: says), the process cache's and Redis's; DB/read is "
                    + "database queries per product read (fills, the change stream's reads, the merchants' changes). DB "
                    + "reads/s: the read path's queries a second at most, overall and under each fault; with the protection "
                    + "on they stay within its limit (one read per product at a time, a rate limit, a Bloom filter of the "
                    + "SKUs), and reads over it are shed with 429.",
            List.of(count("reads", "reads", CacheFigures.READS),
                    ratio("stale share", "stale", CacheFigures.STALE_SHARE),
                    count("stale p50 ms", "st p50", CacheFigures.STALE_P50_MS),
                    count("stale p99 ms", "st p99", CacheFigures.STALE_P99_MS),
                    count("stale max ms", "st max", CacheFigures.STALE_MAX_MS),
                    count("stale max ms (client)", "max cli", CacheFigures.STALE_MAX_MS + ".client"),
                    count("stale max ms (reverse proxy)", "max pxy", CacheFigures.STALE_MAX_MS + ".proxy"),
                    count("stale max ms (process cache)", "max loc", CacheFigures.STALE_MAX_MS + ".local"),
                    count("stale max ms (Redis)", "max rds", CacheFigures.STALE_MAX_MS + ".redis"),
                    count("phantom reads", "phantom", CacheFigures.PHANTOM_READS),
                    count("never heal", "no heal", CacheFigures.NEVER_HEAL),
                    count("checkouts", "checkouts", ChargedTheCheckoutPrice.CHECKOUTS),
                    count("charged a wrong price", "wrong chg", ChargedTheCheckoutPrice.WRONG_CHARGES),
                    ratio("process cache hit ratio", "loc hit", LOCAL_HIT_RATIO),
                    ratio("Redis hit ratio", "rds hit", REDIS_HIT_RATIO),
                    ratio("reverse proxy hit ratio", "pxy hit", PROXY_HIT_RATIO),
                    ratio("CDN hit ratio (static)", "cdn hit", CDN_HIT_RATIO),
                    ratio("DB queries per read", "db/read", DB_PER_READ),
                    count("DB reads/s max", "db max/s", DatabaseWithinLimit.MAX_QPS),
                    count("DB reads/s max, slow fills", "db sf/s", LoadUnderFaults.MAX_PREFIX + "slow-fill"),
                    count("DB reads/s max, hot key breakdown", "db bd/s", LoadUnderFaults.MAX_PREFIX + "breakdown"),
                    count("DB reads/s max, avalanche", "db av/s", LoadUnderFaults.MAX_PREFIX + "avalanche"),
                    count("DB reads/s max, probes for missing products", "db pen/s", LoadUnderFaults.MAX_PREFIX + "probes"),
                    count("DB reads/s max, Redis down", "db rd/s", LoadUnderFaults.MAX_PREFIX + "redis-down"),
                    count("reads shed (429)", "shed", LoadUnderFaults.SHED)),
            List.of(new ChartSpec("hits", "Cache hit ratio per layer", "ratio", List.of(
                            new ChartSpec.Series("CDN (static)", CatalogProbe.CDN_HIT),
                            new ChartSpec.Series("reverse proxy", CatalogProbe.PROXY_HIT),
                            new ChartSpec.Series("process cache", CatalogProbe.LOCAL_HIT),
                            new ChartSpec.Series("Redis", CatalogProbe.REDIS_HIT))),
                    new ChartSpec("db", "Database load", "queries/s", List.of(
                            new ChartSpec.Series("read path's queries/s", CatalogProbe.DB_READS_QPS),
                            new ChartSpec.Series("all queries/s (changes, change log, search feed too)", CatalogProbe.DB_QPS),
                            new ChartSpec.Series("the read path's limit", CatalogProbe.DB_LIMIT))),
                    new ChartSpec("refused", "Missing products and shed reads", "requests/s", List.of(
                            new ChartSpec.Series("reads of products that do not exist/s", CatalogProbe.NOT_FOUND_QPS),
                            new ChartSpec.Series("reads shed by the limit/s", CatalogProbe.SHED_QPS))),
                    new ChartSpec("stream", "Change stream", "changes", List.of(
                            new ChartSpec.Series("changes not yet applied", CatalogProbe.STREAM_LAG)))),
            false);
}
