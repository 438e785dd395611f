package shoplab.scenarios.flashsale;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import shoplab.history.Op;
import shoplab.scenarios.load.Recorder;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The flash-sale load. Reads: protocol -> steps -> the buyer persona -> injection. Every request's
 * outcome is streamed to the lab as one history entry (start, end, user, SKU, order, status), which is
 * what the checkers judge; Gatling's own report is a by-product.
 */
public class FlashSaleSimulation extends Simulation {

    static final String P_USERS = "shoplab.flashsale.users";
    static final String P_RAMP_MS = "shoplab.flashsale.rampMs";
    static final String P_SKU = "shoplab.flashsale.sku";
    static final String P_ABANDON = "shoplab.flashsale.abandonShare";
    static final String P_REPEAT = "shoplab.flashsale.repeatShare";
    static final String P_SEED = "shoplab.seed";
    static final String P_WARM_UP_SECONDS = "shoplab.warmUpSeconds";
    /** The unrecorded warm-up before the spike, unless a test shortens it with {@link #P_WARM_UP_SECONDS}. */
    public static final long WARM_UP_SECONDS = 5;

    /** The system properties this load reads: buyers over the ramp, the SKU, who abandons and presses again, the seed. */
    public static java.util.Map<String, String> properties(int users, long rampMs, String sku, double abandonShare,
                                                          double repeatShare, long warmUpSeconds, long seed) {
        return java.util.Map.of(P_USERS, String.valueOf(users), P_RAMP_MS, String.valueOf(rampMs), P_SKU, sku,
                P_ABANDON, String.valueOf(abandonShare), P_REPEAT, String.valueOf(repeatShare), P_SEED, String.valueOf(seed),
                P_WARM_UP_SECONDS, String.valueOf(warmUpSeconds));
    }

    private final int users = Integer.getInteger(P_USERS, 2000);
    private final long rampMs = Long.getLong(P_RAMP_MS, 1000);
    private final String sku = System.getProperty(P_SKU, "sku-1");
    private final double abandonShare = Double.parseDouble(System.getProperty(P_ABANDON, "0.2"));
    private final double repeatShare = Double.parseDouble(System.getProperty(P_REPEAT, "0"));
    private final long seed = Long.getLong(P_SEED, 1);
    private final Recorder recorder = new Recorder();

    /** Whether this buyer walks away instead of paying: a pure function of the seed and the user. */
    private boolean abandons(String user) {
        return abandons(seed, user, abandonShare);
    }

    /** Whether a buyer walks away instead of paying: a pure function of the seed and the user (every sale load's). */
    public static boolean abandons(long seed, String user, double share) {
        return new SplittableRandom(seed ^ user.hashCode() * 0x9E3779B97F4A7C15L).nextDouble() < share;
    }

    /** Whether this buyer presses buy once more after the first attempt (the per-user limit's case). */
    private boolean repeats(String user) {
        return new SplittableRandom(~seed ^ user.hashCode() * 0xC2B2AE3D27D4EB4FL).nextDouble() < repeatShare;
    }

    private final ChainBuilder loadPage = exec(recorder::started)
            .exec(http("page").get("/sale/" + sku + ".html").check(status().saveAs("status")))
            .exec(s -> recorder.record(s, Op.PAGE, 200, sku));

    private final ChainBuilder buy = exec(recorder::started)
            .exec(http("buy").post("/api/orders")
                    .body(StringBody("{\"user\":\"#{user}\",\"sku\":\"" + sku + "\",\"qty\":1}"))
                    .check(status().saveAs("status"),
                            jsonPath("$.orderId").optional().saveAs("orderId"),
                            jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> recorder.record(s, Op.BUY, 201, sku));

    /**
     * A second buy right after the first answer, as an eager buyer presses again: refused by the per-user
     * limit (or sold out); the session then goes on with the first attempt's answer, which it pays.
     */
    private final ChainBuilder buyAgain = exec(s -> s.set("first", List.of(s.contains("orderId") ? s.getString("orderId") : "",
                    s.contains("status") ? s.getInt("status") : 0)).remove("orderId"))
            .exec(buy)
            .exec(s -> {
                List<?> first = s.get("first");
                Session restored = s.remove("orderId").remove("status").remove("first");
                restored = (Integer) first.get(1) == 0 ? restored : restored.set("status", first.get(1));
                return first.get(0).equals("") ? restored : restored.set("orderId", first.get(0));
            });

    private final ChainBuilder pay = exec(recorder::started)
            .exec(http("pay").post("/api/orders/#{orderId}/pay")
                    .check(status().saveAs("status"), jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> recorder.record(s, Op.PAY, 200, sku));

    /**
     * Before the spike, the same requests on a SKU with no stock: both JVMs (this load generator and the
     * lab) compile the request paths before anything is measured, and nothing the checkers judge changes.
     * Not recorded in the history.
     */
    private final ScenarioBuilder warmUp = scenario("warm-up (not recorded)")
            .exec(http("warm-up page").get("/sale/" + sku + ".html"))
            .exec(http("warm-up buy").post("/api/orders")
                    .body(StringBody("{\"user\":\"warm-up\",\"sku\":\"" + FlashSale.WARM_UP_SKU + "\",\"qty\":1}"))
                    .check(status().is(409)));

    private final ScenarioBuilder buyers = scenario("flash-sale buyers")
            .exec(s -> s.set("user", "u-" + s.userId()))
            .exec(loadPage)
            .exec(buy)
            .doIf(s -> repeats(s.getString("user")))
            .then(buyAgain)
            .doIf(s -> s.contains("orderId") && s.getInt("status") == 201 && !abandons(s.getString("user")))
            .then(pay);

    {
        setUp(warmUp.injectClosed(constantConcurrentUsers(32).during(Duration.ofSeconds(Long.getLong(P_WARM_UP_SECONDS, WARM_UP_SECONDS))))
                .andThen(buyers.injectOpen(rampUsers(users).during(Duration.ofMillis(rampMs)))))
                .protocols(Recorder.protocol());
    }

    @Override
    public void after() {
        recorder.close();
    }
}
