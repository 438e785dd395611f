package shoplab.scenarios.productcache;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import shoplab.scenarios.load.Recorder;
import shoplab.scenarios.productcache.checks.Freshness;
import shoplab.scenarios.productcache.checks.StalenessWithinPromise;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Shoppers read product pages, a hot product and a long tail, while merchants change prices (the hot product and
 * {@link #MERCHANT_PRODUCTS} of their own): each merchant reads the product in the back office (the database's row,
 * not a cache), then sets a new price on the version it read; a seeded share edits a version already
 * overtaken (a back office form left open while another merchant saved), which the database refuses. Both run
 * from the run clock's {@link ProductCache#LOAD_START_MS} on, so the fault plan strikes the same seconds of
 * load for every strategy. Every read and every change is one history entry, with the version and price its
 * answer named.
 */
public class CatalogSimulation extends Simulation {

    static final String P_READ_RATE = "shoplab.catalog.readRate";
    static final String P_CHANGE_RATE = "shoplab.catalog.changeRate";
    static final String P_SECONDS = "shoplab.catalog.seconds";
    static final String P_PRODUCTS = "shoplab.catalog.products";
    static final String P_HOT_SHARE = "shoplab.catalog.hotShare";
    static final String P_STALE_EDITS = "shoplab.catalog.staleEditShare";
    static final String P_PROBE_RATE = "shoplab.catalog.probeRate";
    static final String P_PROBES_FROM_MS = "shoplab.catalog.probesFromMs";
    static final String P_PROBES_MS = "shoplab.catalog.probesMs";
    /** The product service's own address: the back office calls it inside the data center, never through the entry. */
    static final String P_BACK_OFFICE = "shoplab.catalog.backOfficeUrl";
    static final String P_SEED = "shoplab.seed";

    /** The history's name for a read of a product that does not exist (404 is its acknowledgement). */
    public static final String PROBE = "missing-read";

    private final double readRate = Double.parseDouble(System.getProperty(P_READ_RATE, "100"));
    private final double changeRate = Double.parseDouble(System.getProperty(P_CHANGE_RATE, "4"));
    private final long seconds = Long.getLong(P_SECONDS, 20);
    private final int products = Integer.getInteger(P_PRODUCTS, 1000);
    private final double hotShare = Double.parseDouble(System.getProperty(P_HOT_SHARE, "0.3"));
    private final double staleEdits = Double.parseDouble(System.getProperty(P_STALE_EDITS, "0.2"));
    private final long seed = Long.getLong(P_SEED, 1);
    private final String backOffice = System.getProperty(P_BACK_OFFICE, "");
    private final double probeRate = Double.parseDouble(System.getProperty(P_PROBE_RATE, "0"));
    private final long probesFromMs = Long.getLong(P_PROBES_FROM_MS, 0);
    private final long probesMs = Long.getLong(P_PROBES_MS, 0);
    private final AtomicLong probes = new AtomicLong();
    private final Recorder recorder = new Recorder();
    private final AtomicLong readers = new AtomicLong();
    private final AtomicLong merchants = new AtomicLong();

    /** Shoppers who look at their product again, a moment later: what the client's own cache serves. */
    static final double REVISIT_SHARE = 0.3;

    /** A merchant's own few products, which it changes again and again (so its edits meet versions past the first). */
    static final int MERCHANT_PRODUCTS = 20;

    /** The hot product, or one of {@code of}, drawn from the seed and the arrival's number. */
    private String pick(SplittableRandom r, int of) {
        return r.nextDouble() < hotShare ? ProductCache.HOT_SKU : ProductCache.sku(1 + r.nextInt(Math.min(of, products)));
    }

    private Session shopper(Session s) {
        long n = readers.incrementAndGet();
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
        return s.set("user", "u-" + n).set("sku", pick(r, products)).set("revisits", r.nextDouble() < REVISIT_SHARE)
                .set("revisitAfterMs", 200L + r.nextInt(1800)) // within the page's max-age (1 s) or after it
                .set("buys", r.nextDouble() < CHECKOUT_SHARE);
    }

    private Session merchant(Session s) {
        long n = merchants.incrementAndGet();
        SplittableRandom r = new SplittableRandom(~seed * 0x9E3779B97F4A7C15L + n);
        long list = 100L * (10 + r.nextInt(990));
        Long promotion = r.nextDouble() < 0.3 ? list * (80 + r.nextInt(16)) / 100 : null;
        return s.set("user", "m-" + n).set("sku", pick(r, MERCHANT_PRODUCTS)).set("list", list)
                .set("promotion", promotion == null ? "null" : promotion.toString())
                .set("staleEdit", r.nextDouble() < staleEdits);
    }

    private static Map<String, String> seen(Session s, boolean withFrom) {
        Map<String, String> seen = new HashMap<>();
        if (s.contains("version") && s.contains("price")) {
            seen.put(Freshness.VERSION, s.getString("version"));
            seen.put(Freshness.PRICE, s.getString("price"));
            if (withFrom && s.contains("from")) {
                seen.put(Freshness.FROM, s.getString("from"));
            }
        }
        return seen;
    }

    private final io.gatling.javaapi.core.ChainBuilder readProduct = io.gatling.javaapi.core.CoreDsl
            .exec(s -> recorder.started(s).remove("version").remove("price").remove("from").remove("proxyCache"))
            .exec(http(Freshness.READ).get("/api/catalog/products/#{sku}")
                    .check(status().saveAs("status"), jsonPath("$.version").optional().saveAs("version"),
                            jsonPath("$.priceCents").optional().saveAs("price"), header("X-Served-From").optional().saveAs("from"),
                            header("X-Proxy-Cache").optional().saveAs("proxyCache"), jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> "HIT".equals(s.getString("proxyCache")) ? s.set("from", StalenessWithinPromise.PROXY) : s)
            .exec(s -> recorder.record(s, Freshness.READ, 200, s.getString("sku"), seen(s, true)));

    /** A product page's stylesheet, through the CDN (its static cache: the layer in front of everything). */
    static final String STYLESHEET = "/static/catalog.css";

    /**
     * The same page again, a moment later, through the shopper's own HTTP cache (Gatling's, which honours the
     * page's Cache-Control and ETag): within its max-age the client shows its copy and sends nothing (no status
     * comes back); after it, the client revalidates and a 304 means its copy is still the service's. Either way
     * the page shown is the copy, judged like any other read, from layer {@code client}.
     */
    private final io.gatling.javaapi.core.ChainBuilder revisit = io.gatling.javaapi.core.CoreDsl
            .exec(s -> s.set("shownVersion", s.getString("version")).set("shownPrice", s.getString("price")).markAsSucceeded())
            .exec(s -> recorder.started(s).remove("version").remove("price").remove("from").remove("proxyCache"))
            .exec(http(Freshness.READ + " again").get("/api/catalog/products/#{sku}")
                    .check(status().saveAs("status"), jsonPath("$.version").optional().saveAs("version"),
                            jsonPath("$.priceCents").optional().saveAs("price"), header("X-Served-From").optional().saveAs("from"),
                            header("X-Proxy-Cache").optional().saveAs("proxyCache"), jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> {
                // no status and no failure: the client sent nothing (a request that failed is marked failed)
                boolean keptByClient = s.contains("status") ? s.getInt("status") == 304 : !s.isFailed();
                if (!keptByClient) {
                    return recorder.record("HIT".equals(s.getString("proxyCache")) ? s.set("from", StalenessWithinPromise.PROXY) : s,
                            Freshness.READ, 200, s.getString("sku"), seen(s, true));
                }
                Session shown = s.set("status", 200).set("version", s.getString("shownVersion")).set("price", s.getString("shownPrice"))
                        .set("from", StalenessWithinPromise.CLIENT);
                return recorder.record(shown, Freshness.READ, 200, s.getString("sku"), seen(shown, true));
            });

    /** Shoppers who buy what they read: the checkout names the version of the page they were shown. */
    static final double CHECKOUT_SHARE = 0.2;

    /** The checkout: charged at the price the database has, or refused (409) if the page shown was another version. */
    private final io.gatling.javaapi.core.ChainBuilder checkout = io.gatling.javaapi.core.CoreDsl
            .exec(s -> recorder.started(s.set("orderId", "c-" + s.getString("user")).set("shownVersion", s.getString("version")))
                    .remove("version").remove("price"))
            .exec(http(Freshness.CHECKOUT).post("/api/catalog/checkouts")
                    .body(StringBody("{\"checkoutId\":\"#{orderId}\",\"sku\":\"#{sku}\",\"member\":false,\"shownVersion\":#{shownVersion}}"))
                    .check(status().saveAs("status"), jsonPath("$.version").optional().saveAs("version"),
                            jsonPath("$.chargedCents").optional().saveAs("price"), jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> recorder.record(s, Freshness.CHECKOUT, 201, s.getString("sku"), seen(s, false)));

    private final ScenarioBuilder shoppers = scenario("shoppers").exec(this::shopper).exec(readProduct)
            .exec(http("stylesheet").get(STYLESHEET).check(status().is(200)))
            .doIf(s -> s.getBoolean("revisits") && s.contains("version"))
            .then(io.gatling.javaapi.core.CoreDsl.pause(s -> Duration.ofMillis(s.getLong("revisitAfterMs"))).exec(revisit))
            .doIf(s -> s.getBoolean("buys") && s.contains("version")).then(checkout);

    /** Penetration: each probe asks for a different product that does not exist, so no remembered absence helps. */
    private final ScenarioBuilder probers = scenario("probers")
            .exec(s -> s.set("user", "x-" + probes.incrementAndGet()).set("sku", "p-missing-" + probes.get()))
            .exec(recorder::started)
            .exec(http(PROBE).get("/api/catalog/products/#{sku}").check(status().saveAs("status"),
                    jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> recorder.record(s, PROBE, 404, s.getString("sku")));

    /** The version the merchant edits: the one it read, or (a stale edit) the one before it. */
    private static Session edit(Session s) {
        long read = s.contains("version") ? Long.parseLong(s.getString("version")) : 1;
        long edited = s.getBoolean("staleEdit") && read > 1 ? read - 1 : read;
        return s.set("body", "{\"listCents\":" + s.getLong("list") + ",\"promotionCents\":" + s.getString("promotion")
                + ",\"expectedVersion\":" + edited + "}");
    }

    private final ScenarioBuilder merchantsChanging = scenario("merchants").exec(this::merchant)
            .exec(http("merchant view").get(backOffice + "/internal/merchant/products/#{sku}")
                    .check(status().is(200), jsonPath("$.version").saveAs("version")))
            .doIf(s -> s.contains("version")).then(io.gatling.javaapi.core.CoreDsl
                    .exec(CatalogSimulation::edit)
                    .exec(s -> recorder.started(s).remove("version").remove("price"))
                    .exec(http(Freshness.CHANGE).put(backOffice + "/internal/merchant/products/#{sku}/prices").body(StringBody("#{body}"))
                            .check(status().saveAs("status"), jsonPath("$.version").optional().saveAs("version"),
                                    jsonPath("$.priceCents").optional().saveAs("price"), jsonPath("$.error").optional().saveAs("error")))
                    .exec(s -> recorder.record(s, Freshness.CHANGE, 200, s.getString("sku"), seen(s, false))));

    {
        long wait = Math.max(0, ProductCache.LOAD_START_MS - recorder.now());
        java.util.List<io.gatling.javaapi.core.PopulationBuilder> load = new java.util.ArrayList<>(java.util.List.of(
                shoppers.injectOpen(nothingFor(Duration.ofMillis(wait)), constantUsersPerSec(readRate).during(Duration.ofSeconds(seconds))),
                merchantsChanging.injectOpen(nothingFor(Duration.ofMillis(wait)),
                        constantUsersPerSec(changeRate).during(Duration.ofSeconds(seconds)))));
        if (probeRate > 0 && probesMs > 0) {
            load.add(probers.injectOpen(nothingFor(Duration.ofMillis(Math.max(0, probesFromMs - recorder.now()))),
                    constantUsersPerSec(probeRate).during(Duration.ofMillis(probesMs))));
        }
        setUp(load).protocols(Recorder.protocol());
    }

    @Override
    public void after() {
        recorder.close();
    }
}
