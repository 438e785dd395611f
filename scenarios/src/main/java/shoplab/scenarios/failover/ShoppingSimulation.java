package shoplab.scenarios.failover;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import shoplab.history.Op;
import shoplab.scenarios.load.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Shoppers, as real clients behave: each looks at the product (its price and units sold: a non-core read),
 * buys one unit and pays, unless it walks away. A request refused at once (shed: 429, or 503 while the
 * traffic manager switches) is tried again after its Retry-After, a bounded number of times, as apps do;
 * a request unanswered within the client's timeout has failed and is not repeated (it may have happened).
 * Steady shoppers arrive evenly over the ramp; a flash sale's crowd may arrive on top, at once.
 */
public class ShoppingSimulation extends Simulation {

    static final String P_USERS = "shoplab.shopping.users";
    static final String P_RAMP_MS = "shoplab.shopping.rampMs";
    static final String P_SALE_USERS = "shoplab.shopping.saleUsers";
    static final String P_SALE_AT_MS = "shoplab.shopping.saleAtMs";
    static final String P_SALE_RAMP_MS = "shoplab.shopping.saleRampMs";
    static final String P_SKU = "shoplab.shopping.sku";
    static final String P_TRIES = "shoplab.shopping.tries";
    static final String P_TIMEOUT_MS = "shoplab.shopping.timeoutMs";
    static final String P_SEED = "shoplab.seed";
    static final String P_WARM_UP_SECONDS = "shoplab.warmUpSeconds";
    /** The unrecorded warm-up before the shoppers, unless a test shortens it. */
    public static final long WARM_UP_SECONDS = 5;
    static final double ABANDON_SHARE = 0.2;
    static final String WARM_UP_SKU = "warm-up";

    /** The load's system properties. */
    public static Map<String, String> properties(int users, long rampMs, int saleUsers, long saleAtMs, long saleRampMs,
                                                 String sku, int tries, long timeoutMs, long seed) {
        return Map.of(P_USERS, String.valueOf(users), P_RAMP_MS, String.valueOf(rampMs),
                P_SALE_USERS, String.valueOf(saleUsers), P_SALE_AT_MS, String.valueOf(saleAtMs),
                P_SALE_RAMP_MS, String.valueOf(saleRampMs), P_SKU, sku, P_TRIES, String.valueOf(tries),
                P_TIMEOUT_MS, String.valueOf(timeoutMs), P_SEED, String.valueOf(seed));
    }

    private final int users = Integer.getInteger(P_USERS, 1000);
    private final long rampMs = Long.getLong(P_RAMP_MS, 10_000);
    private final int saleUsers = Integer.getInteger(P_SALE_USERS, 0);
    private final long saleAtMs = Long.getLong(P_SALE_AT_MS, 0);
    private final long saleRampMs = Long.getLong(P_SALE_RAMP_MS, 1000);
    private final String sku = System.getProperty(P_SKU, "sku-1");
    private final int tries = Integer.getInteger(P_TRIES, 4);
    private final Duration timeout = Duration.ofMillis(Long.getLong(P_TIMEOUT_MS, 2000));
    private final long seed = Long.getLong(P_SEED, 1);
    private final Recorder recorder = new Recorder();

    /** Whether this shopper walks away instead of paying: a pure function of the seed and the user. */
    private boolean abandons(String user) {
        return shoplab.scenarios.flashsale.FlashSaleSimulation.abandons(seed, user, ABANDON_SHARE);
    }

    /**
     * One step, recorded, and tried again while it is shed (after the Retry-After it was given), up to
     * {@code tries} attempts in all. {@code ok} is the status that acknowledges it.
     */
    private ChainBuilder step(String f, int ok, HttpRequestActionBuilder request) {
        return exec(s -> s.set("attempt", 0))
                .asLongAs(s -> s.getInt("attempt") == 0 || Recorder.shed(s) && s.getInt("attempt") < tries).on(
                        exec(s -> s.getInt("attempt") == 0 ? s : s.set("wait", Recorder.retryAfterSeconds(s)))
                                .doIf(s -> s.contains("wait")).then(pause(s -> Duration.ofSeconds(s.getLong("wait"))))
                                .exec(recorder::started)
                                .exec(request.requestTimeout(timeout))
                                .exec(s -> recorder.record(s, f, ok, sku).remove("wait").set("attempt", s.getInt("attempt") + 1)));
    }

    private final ChainBuilder look = step("product", 200, http("product").get("/api/products/" + sku)
            .check(status().saveAs("status")));

    private final ChainBuilder buy = step(Op.BUY, 201, http("buy").post("/api/orders")
            .body(StringBody("{\"user\":\"#{user}\",\"sku\":\"" + sku + "\",\"qty\":1}"))
            .check(status().saveAs("status"), jsonPath("$.orderId").optional().saveAs("orderId"),
                    jsonPath("$.error").optional().saveAs("error")));

    private final ChainBuilder pay = step(Op.PAY, 200, http("pay").post("/api/orders/#{orderId}/pay")
            .check(status().saveAs("status"), jsonPath("$.error").optional().saveAs("error")));

    private ScenarioBuilder shoppers(String name, String userPrefix) {
        return scenario(name)
                .exec(s -> s.set("user", userPrefix + s.userId()))
                .exec(look)
                .exec(s -> s.remove("orderId"))
                .exec(buy)
                .doIf(s -> s.contains("orderId") && s.getInt("status") == 201 && !abandons(s.getString("user")))
                .then(pay);
    }

    /** The request paths compiled in both JVMs before anything is recorded; changes nothing judged. */
    private final ScenarioBuilder warmUp = scenario("warm-up (not recorded)")
            .exec(http("warm-up product").get("/api/products/" + sku))
            .exec(http("warm-up buy").post("/api/orders")
                    .body(StringBody("{\"user\":\"warm-up\",\"sku\":\"" + WARM_UP_SKU + "\",\"qty\":1}"))
                    .check(status().is(409)));

    {
        List<PopulationBuilder> load = new ArrayList<>();
        load.add(shoppers("shoppers", "u-").injectOpen(rampUsers(users).during(Duration.ofMillis(rampMs))));
        if (saleUsers > 0) {
            load.add(shoppers("flash-sale crowd", "s-").injectOpen(nothingFor(Duration.ofMillis(saleAtMs)),
                    rampUsers(saleUsers).during(Duration.ofMillis(saleRampMs))));
        }
        setUp(warmUp.injectClosed(constantConcurrentUsers(16).during(Duration.ofSeconds(Long.getLong(P_WARM_UP_SECONDS, WARM_UP_SECONDS))))
                .andThen(load))
                .protocols(Recorder.protocol());
    }

    @Override
    public void after() {
        recorder.close();
    }
}
