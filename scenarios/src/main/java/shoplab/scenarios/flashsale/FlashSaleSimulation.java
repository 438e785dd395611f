package shoplab.scenarios.flashsale;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import shoplab.history.Op;
import shoplab.scenarios.load.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The flash-sale load. Reads: protocol -> steps -> the two personas (a buyer, a bot) -> injection. Every
 * request's outcome is streamed to the lab as one history entry (start, end, user, SKU, order, status), which
 * is what the checkers judge; Gatling's own report is a by-product.
 *
 * <p>A buyer ({@code u-N}, its own phone and address) arrives once the sale opened, loads the sale page,
 * refreshes it and the stock a few times, takes the page's sale token, buys one unit, sometimes presses buy
 * again, and pays or walks away. A bot ({@code b-N}) is one of many accounts on a few devices, each device
 * on one address: it starts before the sale opens, skips the page, and tries to buy again and again, fast,
 * until it has a unit, the stock is gone or it is blacklisted; it pays for what it gets.
 */
public class FlashSaleSimulation extends Simulation {

    static final String P_USERS = "shoplab.flashsale.users";
    static final String P_RAMP_MS = "shoplab.flashsale.rampMs";
    static final String P_SKU = "shoplab.flashsale.sku";
    static final String P_ABANDON = "shoplab.flashsale.abandonShare";
    static final String P_REPEAT = "shoplab.flashsale.repeatShare";
    static final String P_BOT_SHARE = "shoplab.flashsale.botShare";
    static final String P_REFRESHES = "shoplab.flashsale.refreshes";
    static final String P_OPENS_AT_MS = "shoplab.flashsale.opensAtMs";
    static final String P_SEED = "shoplab.seed";
    static final String P_WARM_UP_SECONDS = "shoplab.warmUpSeconds";
    /** The unrecorded warm-up before the spike, unless the run sets it. */
    public static final long WARM_UP_SECONDS = 5;

    /** The history's names of the reads a buyer makes besides the page. */
    public static final String STOCK = "stock";
    public static final String TOKEN = "token";
    /** User ids: buyers {@code u-N}, bots {@code b-N} (how the figures tell them apart). */
    public static final String BOT_PREFIX = "b-";

    /** Bots start this long before the sale opens, try at most this often, this far apart; about 25 share a device. */
    static final long BOT_LEAD_MS = 1_500;
    static final int BOT_TRIES = 40;
    static final long BOT_PAUSE_MS = 25;
    static final int BOT_ACCOUNTS_PER_DEVICE = 25;
    /** Bots arrive over this (Gatling injects nothing over a ramp shorter than a second). */
    static final long BOT_RAMP_MS = 1_000;

    /** The system properties this load reads. */
    public static java.util.Map<String, String> properties(Sale sale, long seed) {
        java.util.Map<String, String> p = new java.util.HashMap<>();
        p.put(P_USERS, String.valueOf(sale.users()));
        p.put(P_RAMP_MS, String.valueOf(sale.rampMs()));
        p.put(P_SKU, sale.sku());
        p.put(P_ABANDON, String.valueOf(sale.abandonShare()));
        p.put(P_REPEAT, String.valueOf(sale.repeatShare()));
        p.put(P_BOT_SHARE, String.valueOf(sale.botShare()));
        p.put(P_REFRESHES, String.valueOf(sale.refreshes()));
        p.put(P_OPENS_AT_MS, String.valueOf(sale.opensAtMs()));
        p.put(P_WARM_UP_SECONDS, String.valueOf(sale.warmUpSeconds()));
        p.put(P_SEED, String.valueOf(seed));
        return p;
    }

    /**
     * One sale's load: {@code users} in all ({@code botShare} of them bots), buyers arriving over
     * {@code rampMs} from {@code opensAtMs} on the run's clock, each refreshing {@code refreshes} times.
     */
    public record Sale(int users, long rampMs, String sku, double abandonShare, double repeatShare, double botShare,
                       int refreshes, long opensAtMs, long warmUpSeconds) {
    }

    private final int users = Integer.getInteger(P_USERS, 2000);
    private final long rampMs = Long.getLong(P_RAMP_MS, 1000);
    private final String sku = System.getProperty(P_SKU, "sku-1");
    private final double abandonShare = Double.parseDouble(System.getProperty(P_ABANDON, "0.2"));
    private final double repeatShare = Double.parseDouble(System.getProperty(P_REPEAT, "0"));
    private final double botShare = Double.parseDouble(System.getProperty(P_BOT_SHARE, "0"));
    private final int refreshes = Integer.getInteger(P_REFRESHES, 0);
    private final long opensAtMs = Long.getLong(P_OPENS_AT_MS, 0);
    private final long warmUpMs = Long.getLong(P_WARM_UP_SECONDS, WARM_UP_SECONDS) * 1000;
    private final long seed = Long.getLong(P_SEED, 1);
    private final Recorder recorder = new Recorder();
    private final int bots = (int) Math.round(users * botShare);
    private final int buyers = users - bots;
    private final int botDevices = Math.max(1, (bots + BOT_ACCOUNTS_PER_DEVICE - 1) / BOT_ACCOUNTS_PER_DEVICE);

    /** Whether a buyer walks away instead of paying: a pure function of the seed and the user (every sale load's). */
    public static boolean abandons(long seed, String user, double share) {
        return new SplittableRandom(seed ^ user.hashCode() * 0x9E3779B97F4A7C15L).nextDouble() < share;
    }

    /** Whether this buyer presses buy once more after the first attempt (the per-user limit's case). */
    private boolean repeats(String user) {
        return new SplittableRandom(~seed ^ user.hashCode() * 0xC2B2AE3D27D4EB4FL).nextDouble() < repeatShare;
    }

    /** A client's identity: its own phone and address for a buyer; a bot's device and the device's address. */
    private Session identify(Session s, boolean bot) {
        long id = s.userId();
        if (!bot) {
            return s.set("user", "u-" + id).set("device", "phone-" + id)
                    .set("address", "10." + (id >> 16 & 255) + "." + (id >> 8 & 255) + "." + (id & 255)).set("token", "");
        }
        long device = id % botDevices;
        return s.set("user", BOT_PREFIX + id).set("device", "bot-device-" + device)
                .set("address", "10.66." + (device >> 8 & 255) + "." + (device & 255)).set("token", "");
    }

    /** Every request carries the client's device and address, as the edge would pass them on. */
    private static HttpRequestActionBuilder client(HttpRequestActionBuilder r) {
        return r.header("X-Device-Id", "#{device}").header("X-Forwarded-For", "#{address}");
    }

    private final ChainBuilder loadPage = exec(recorder::started)
            .exec(client(http("page").get("/sale/" + sku + ".html")).check(status().saveAs("status")))
            .exec(s -> recorder.record(s, Op.PAGE, 200, sku));

    private final ChainBuilder readStock = exec(recorder::started)
            .exec(client(http("stock").get("/api/stock/" + sku)).check(status().saveAs("status")))
            .exec(s -> recorder.record(s, STOCK, 200, sku));

    /** The page's sale token (refused before the sale opens): kept for the buy, empty when none. */
    private final ChainBuilder takeToken = exec(recorder::started)
            .exec(client(http("token").get("/api/orders/sale-token?user=#{user}&sku=" + sku))
                    .check(status().saveAs("status"), jsonPath("$.token").optional().saveAs("token"),
                            jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> recorder.record(s, TOKEN, 200, sku));

    private final ChainBuilder buy = exec(recorder::started)
            .exec(client(http("buy").post("/api/orders")
                    .body(StringBody("{\"user\":\"#{user}\",\"sku\":\"" + sku + "\",\"qty\":1,\"token\":\"#{token}\"}")))
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
            .exec(client(http("pay").post("/api/orders/#{orderId}/pay"))
                    .check(status().saveAs("status"), jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> recorder.record(s, Op.PAY, 200, sku));

    /**
     * Before the spike, the same requests on a SKU with no stock: both JVMs (this load generator and the
     * lab) compile the request paths before anything is measured, and nothing the checkers judge changes
     * (a defence may refuse them: that path is compiled too). Not recorded in the history.
     */
    private final ScenarioBuilder warmUp = scenario("warm-up (not recorded)")
            .exec(s -> s.set("warmUser", "warm-up-" + s.userId()))
            .exec(http("warm-up page").get("/sale/" + sku + ".html"))
            .exec(http("warm-up stock").get("/api/stock/" + sku))
            .exec(http("warm-up buy").post("/api/orders")
                    .body(StringBody("{\"user\":\"#{warmUser}\",\"sku\":\"" + FlashSale.WARM_UP_SKU + "\",\"qty\":1}"))
                    .check(status().in(403, 409, 429)));

    private final ScenarioBuilder buyer = scenario("flash-sale buyers")
            .exec(s -> identify(s, false))
            .exec(loadPage)
            .repeat(refreshes).on(exec(loadPage).exec(readStock))
            .exec(takeToken)
            .exec(buy)
            .doIf(s -> repeats(s.getString("user")))
            .then(buyAgain)
            .doIf(s -> s.contains("orderId") && s.getInt("status") == 201 && !abandons(seed, s.getString("user"), abandonShare))
            .then(pay);

    /** A bot is done once it has a unit, the stock is gone, its limit reached or it is blacklisted. */
    private static boolean botDone(Session s) {
        String error = s.contains("error") ? s.getString("error") : "";
        return s.contains("status") && s.getInt("status") == 201 || error.equals("SOLD_OUT") || error.equals("LIMIT_REACHED")
                || error.equals("BLACKLISTED");
    }

    private final ScenarioBuilder bot = scenario("flash-sale bots")
            .exec(s -> identify(s, true).set("tries", 0))
            .asLongAs(s -> !botDone(s) && s.getInt("tries") < BOT_TRIES).on(
                    exec(takeToken)
                            .exec(buy)
                            .exec(s -> s.set("tries", s.getInt("tries") + 1))
                            .doIf(s -> !botDone(s)).then(exec(io.gatling.javaapi.core.CoreDsl.pause(Duration.ofMillis(BOT_PAUSE_MS)))))
            .doIf(s -> s.contains("orderId") && s.getInt("status") == 201)
            .then(pay);

    /** How long from now until {@code atMs} on the run's clock (0 if past). */
    private Duration untilRunClock(long atMs) {
        return Duration.ofMillis(Math.max(0, atMs - recorder.now()));
    }

    {
        // Buyers after the warm-up, from the opening; bots on their own clock, a second before it.
        List<PopulationBuilder> populations = new ArrayList<>();
        PopulationBuilder warm = warmUp.injectClosed(constantConcurrentUsers(32).during(Duration.ofMillis(warmUpMs)));
        populations.add(buyers == 0 ? warm : warm.andThen(buyer.injectOpen(
                nothingFor(untilRunClock(opensAtMs).minusMillis(warmUpMs).isNegative() ? Duration.ZERO
                        : untilRunClock(opensAtMs).minusMillis(warmUpMs)),
                rampUsers(buyers).during(Duration.ofMillis(rampMs)))));
        if (bots > 0) {
            populations.add(bot.injectOpen(nothingFor(untilRunClock(opensAtMs - BOT_LEAD_MS)),
                    rampUsers(bots).during(Duration.ofMillis(BOT_RAMP_MS))));
        }
        setUp(populations).protocols(Recorder.protocol());
    }

    @Override
    public void after() {
        recorder.close();
    }
}
