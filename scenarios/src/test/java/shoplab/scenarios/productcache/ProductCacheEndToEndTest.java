package shoplab.scenarios.productcache;

import org.junit.jupiter.api.Test;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.run.Params;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.scenarios.productcache.checks.CacheFigures;
import shoplab.scenarios.productcache.checks.CachesHeal;
import shoplab.scenarios.productcache.checks.ChargedTheCheckoutPrice;
import shoplab.scenarios.productcache.checks.PricesWereReal;
import shoplab.topology.TopologyLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product-cache scenario on the real stack (H2, Redis, Kafka, the product service behind the edge, Gatling),
 * 12 seconds of reads and price changes under the whole plan (slow fills, the hot key's breakdown, an avalanche,
 * probes for missing products, Redis killed and restarted): the four safe strategies keep every read within
 * their promise, every price real and the database within its limit; cache-before-db shows a price the database never
 * had (a refused edit's, written to Redis first), read or left behind with no expiry; update-then-delete's fills
 * that read before a change are left in Redis, so its reads fall further behind than delayed-double-delete's;
 * the mutant of cache-aside-ttl without the checkout's price check charges cached, stale prices, and the checker
 * that exists for it names them.
 */
class ProductCacheEndToEndTest {

    static final Path TOPOLOGY = Path.of("../topologies/product-cache.yaml");

    @Test
    void theUnsafeStrategyShowsPricesThatNeverWereAndTheSafeOnesKeepTheirPromise() throws Exception {
        ProductCache scenario = new ProductCache();
        Params params = Params.resolve(scenario.parameters(), Map.of(ProductCache.SECONDS, "12", ProductCache.READ_RATE, "60",
                ProductCache.CHANGE_RATE, "6"));
        Path bundleDir = Path.of("target", "product-cache-e2e");
        org.springframework.util.FileSystemUtils.deleteRecursively(bundleDir);
        List<String> strategies = new java.util.ArrayList<>(scenario.strategies());
        strategies.add("cache-aside-ttl-without-price-check");
        RunResults results = new Runner(line -> { }).run(new RunRequest(scenario, TOPOLOGY, Files.readString(TOPOLOGY),
                TopologyLoader.load(TOPOLOGY), strategies, params, 1, bundleDir, scenario.plannedFaults(params)));

        assertThat(results.complete()).isTrue();
        for (StrategyResult r : results.strategies()) {
            assertThat(r.figures().get(CacheFigures.READS).longValue()).as(r.name() + " reads").isGreaterThan(300);
            if (r.name().equals("cache-aside-ttl-without-price-check")) {
                assertThat(r.unsafe()).isTrue();
                assertThat(r.checks()).filteredOn(v -> v.name().equals(ChargedTheCheckoutPrice.NAME)).singleElement()
                        .as("without the price check, a checkout charges the cached, stale price")
                        .satisfies(v -> assertThat(v.valid()).isFalse());
            } else if (r.name().equals("cache-before-db")) {
                assertThat(r.unsafe()).isTrue();
                assertThat(r.checks()).filteredOn(v -> v.name().equals(PricesWereReal.NAME) || v.name().equals(CachesHeal.NAME))
                        .as("a refused edit's price, written to Redis first, is read or left behind")
                        .anySatisfy(v -> assertThat(v.valid()).isFalse());
            } else {
                assertThat(r.checks()).as(r.name()).allSatisfy(v ->
                        assertThat(v.valid()).as(r.name() + " " + v.name() + " " + v.examples()).isTrue());
            }
        }
        Map<String, Number> utd = results.strategies().get(strategies.indexOf("update-then-delete")).figures();
        Map<String, Number> ddd = results.strategies().get(strategies.indexOf("delayed-double-delete")).figures();
        assertThat(utd.get(CacheFigures.STALE_MAX_MS).doubleValue()).as("the fill that read before the change stays")
                .isGreaterThan(ddd.get(CacheFigures.STALE_MAX_MS).doubleValue());

        RunBundle bundle = RunBundle.open(bundleDir);
        assertThat(bundle.readHistory("update-then-delete").faults()).extracting(f -> f.action() + " " + f.target())
                .contains("open product/slow-fill", "heal product/slow-fill", "open product/breakdown", "open product/avalanche",
                        "kill redis", "heal redis");
        assertThat(bundle.readHistory("update-then-delete").ops()).filteredOn(o -> o.f().equals(CatalogSimulation.PROBE))
                .as("probes for products that do not exist, each answered 404").isNotEmpty().allMatch(o -> o.status() == 404);
        assertThat(utd.get("proxyHitRatio").doubleValue()).as("the reverse proxy answers product pages from its cache").isPositive();
        assertThat(utd.get("cdnHitRatio").doubleValue()).as("the CDN answers the stylesheet from its cache").isPositive();
        assertThat(Files.readString(bundleDir.resolve(RunBundle.INDEX_HTML))).contains("stale max ms", "Cache hit ratio per layer");
    }
}
