package shoplab.scenarios.productcache;

import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.report.ChartSpec;
import shoplab.report.FigureColumn;
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
                Parameter.integer(SECONDS, 20, 5, 3600, "seconds of load (the fault window is placed in it)"),
                Parameter.integer(PRODUCTS, 1000, 1, CatalogSeed.MAX_PRODUCTS, "products in the catalog"),
                Parameter.decimal(HOT_SHARE, 0.3, 0, 1, "share of reads and changes on the hot product " + HOT_SKU),
                Parameter.decimal(STALE_EDITS, 0.2, 0, 1, "share of changes made to a version already overtaken (refused: 409)"),
                Parameter.integer(TTL_MS, 1000, 1, 600_000, "cache-aside-ttl's TTL, ms"),
                Parameter.integer(DOUBLE_DELETE_MS, 500, 1, 60_000, "delayed-double-delete's second delete, ms after the first"),
                Parameter.text(FAULTS, "plan", "plan: the slow-fill window over the middle third of the load; none: no faults"));
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
                .build();
    }

    /** The slow-fill window over the middle third of the load: fills that read before a change write after it. */
    @Override
    public List<FaultStep> plannedFaults(Params p) {
        return switch (p.get(FAULTS)) {
            case "none" -> List.of();
            case "plan" -> {
                long load = p.getLong(SECONDS) * 1000;
                yield List.of(new FaultStep(LOAD_START_MS + load / 3, "open", "product/slow-fill", 0),
                        new FaultStep(LOAD_START_MS + 2 * load / 3, "heal", "product/slow-fill", 0));
            }
            default -> throw new IllegalArgumentException(FAULTS + ": '" + p.get(FAULTS) + "' is not plan or none");
        };
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
                CatalogSimulation.P_SEED, String.valueOf(seed));
    }

    @Override
    public Map<String, String> mutationParams() {
        return Map.of(SECONDS, "10");
    }

    @Override
    public List<String> tryByHand(URI entry, Params p) {
        return List.of("curl " + entry + "/api/catalog/products/" + HOT_SKU + " -i",
                "curl " + entry + "/api/catalog/categories",
                "curl -X PUT -H 'Content-Type: application/json' -d '{\"listCents\":1999,\"expectedVersion\":1}' "
                        + entry + "/api/merchant/products/" + HOT_SKU + "/prices");
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
                CacheFigures.STALE_MAX_MS, CacheFigures.STALE_MAX_MS + ".local", CacheFigures.STALE_MAX_MS + ".redis",
                CacheFigures.STALE_MAX_MS + ".db", CacheFigures.PHANTOM_READS, CacheFigures.NEVER_HEAL)) {
            Double v = Verdict.figure(verdicts, k);
            if (v != null) {
                f.put(k, v);
            }
        }
        CatalogState s = state == null ? null : state.snapshot(CatalogState.class);
        if (s != null) {
            f.put(LOCAL_HIT_RATIO, ratio(s.localHits(), s.localMisses()));
            f.put(REDIS_HIT_RATIO, ratio(s.redisHits(), s.redisMisses()));
            Double reads = Verdict.figure(verdicts, CacheFigures.READS);
            if (reads != null && reads > 0) {
                f.put(DB_PER_READ, s.dbQueries() / reads);
            }
        }
        return f;
    }

    static final String LOCAL_HIT_RATIO = "localHitRatio";
    static final String REDIS_HIT_RATIO = "redisHitRatio";
    static final String DB_PER_READ = "dbQueriesPerRead";

    private static double ratio(long hits, long misses) {
        return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    }

    @Override
    public Presentation presentation() {
        return PRESENTATION;
    }

    private static final Presentation PRESENTATION = new Presentation(
            "Every strategy meets the same shoppers and merchants and the same slow-fill window (shaded): while it is "
                    + "open, a cache fill that read the database waits until the next change of its product has done its "
                    + "cache step, then writes what it read. A read is stale when a newer version had already been "
                    + "answered to its merchant when the read began; stale ms is how long before. Phantom reads saw a "
                    + "price the database never had at that version. Never heal: Redis copies that differ from the "
                    + "database at the end with no expiry. Hit ratios are the process cache's and Redis's; DB/read is "
                    + "database queries per product read (fills, the change stream's reads, the merchants' changes).",
            List.of(count("reads", "reads", CacheFigures.READS),
                    ratioColumn("stale share", "stale", CacheFigures.STALE_SHARE),
                    count("stale p50 ms", "st p50", CacheFigures.STALE_P50_MS),
                    count("stale p99 ms", "st p99", CacheFigures.STALE_P99_MS),
                    count("stale max ms", "st max", CacheFigures.STALE_MAX_MS),
                    count("stale max ms (process cache)", "max loc", CacheFigures.STALE_MAX_MS + ".local"),
                    count("stale max ms (Redis)", "max rds", CacheFigures.STALE_MAX_MS + ".redis"),
                    count("phantom reads", "phantom", CacheFigures.PHANTOM_READS),
                    count("never heal", "no heal", CacheFigures.NEVER_HEAL),
                    ratioColumn("process cache hit ratio", "loc hit", LOCAL_HIT_RATIO),
                    ratioColumn("Redis hit ratio", "rds hit", REDIS_HIT_RATIO),
                    ratioColumn("DB queries per read", "db/read", DB_PER_READ)),
            List.of(new ChartSpec("hits", "Cache hit ratio per layer", "ratio", List.of(
                            new ChartSpec.Series("process cache", CatalogProbe.LOCAL_HIT),
                            new ChartSpec.Series("Redis", CatalogProbe.REDIS_HIT))),
                    new ChartSpec("db", "Database load", "queries/s", List.of(
                            new ChartSpec.Series("product database queries/s", CatalogProbe.DB_QPS))),
                    new ChartSpec("stream", "Change stream", "changes", List.of(
                            new ChartSpec.Series("changes not yet applied", CatalogProbe.STREAM_LAG)))),
            false);

    private static FigureColumn count(String label, String brief, String figure) {
        return new FigureColumn(label, brief, figure, FigureColumn.Format.COUNT);
    }

    private static FigureColumn ratioColumn(String label, String brief, String figure) {
        return new FigureColumn(label, brief, figure, FigureColumn.Format.TWO_DECIMALS);
    }
}
