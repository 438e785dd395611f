package shoplab.scenarios.payment;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import shoplab.history.Op;
import shoplab.scenarios.load.Recorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The duplicate-payment load. Shoppers check out one unit through the edge (some with a coupon), then
 * pay; some double-click pay (both clicks at once), some walk away and leave their
 * order to the timeout job. The storm of callbacks is the payment provider's part (see the scenario).
 * Every checkout and pay is streamed to the lab as a history entry.
 */
public class DuplicatePaymentSimulation extends Simulation {

    static final String P_USERS = "shoplab.payment.users";
    static final String P_RAMP_MS = "shoplab.payment.rampMs";
    static final String P_SKU = "shoplab.payment.sku";
    static final String P_DOUBLE_CLICK = "shoplab.payment.doubleClickShare";
    static final String P_COUPON = "shoplab.payment.couponShare";
    static final String P_ABANDON = "shoplab.payment.abandonShare";
    static final String P_SEED = "shoplab.seed";

    /** Operations of this load, as the history names them. */
    public static final String CHECKOUT = "checkout";

    private final int users = Integer.getInteger(P_USERS, 300);
    private final long rampMs = Long.getLong(P_RAMP_MS, 5000);
    private final String sku = System.getProperty(P_SKU, "sku-1");
    private final double doubleClickShare = Double.parseDouble(System.getProperty(P_DOUBLE_CLICK, "0.3"));
    private final double couponShare = Double.parseDouble(System.getProperty(P_COUPON, "0.3"));
    private final double abandonShare = Double.parseDouble(System.getProperty(P_ABANDON, "0.1"));
    private final long seed = Long.getLong(P_SEED, 1);
    private final Recorder recorder = new Recorder();

    /** What a shopper does: pure functions of the seed and the shopper, so every guard sees the same load. */
    private record Persona(boolean coupon, boolean doubleClick, boolean abandons, String channel) {
    }

    private Persona persona(long n) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
        return new Persona(r.nextDouble() < couponShare, r.nextDouble() < doubleClickShare,
                r.nextDouble() < abandonShare, n % 2 == 0 ? "alipay" : "wechat");
    }

    /** Shoppers are numbered 1..users as they arrive (Gatling's own user ids also count the warm-up's). */
    private final java.util.concurrent.atomic.AtomicLong arrived = new java.util.concurrent.atomic.AtomicLong();

    private Session persona(Session s) {
        long n = arrived.incrementAndGet();
        Persona p = persona(n);
        String user = "u-" + n;
        String coupon = p.coupon() ? ",\"couponCode\":\"" + DuplicatePayment.couponCode(n) + "\"" : "";
        return s.set("user", user).set("doubleClick", p.doubleClick()).set("abandons", p.abandons())
                .set("body", "{\"userId\":\"" + user + "\",\"sku\":\"" + sku + "\",\"quantity\":1,\"channel\":\""
                        + p.channel() + "\"" + coupon + "}");
    }

    private final ChainBuilder checkout = exec(recorder::started)
            .exec(http(CHECKOUT).post("/api/trade/orders").body(StringBody("#{body}"))
                    .check(status().saveAs("status"),
                            jsonPath("$.orderId").optional().saveAs("orderId"),
                            jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> recorder.record(s, CHECKOUT, 201, sku));

    private final ChainBuilder pay = exec(recorder::started)
            .exec(http(Op.PAY).post("/api/trade/orders/#{orderId}/pay")
                    .check(status().saveAs("status"), jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> recorder.record(s, Op.PAY, 200, sku));

    /**
     * A double click: the second request goes out as soon as the first is answered, as a browser that
     * did not disable the button would. It shows in Gatling's report; the trade service's state says
     * what it did (a second payment order, a second charge) and the checkers judge that.
     */
    /**
     * Two clicks at once: the second is sent on its own connection just before the first (Gatling's
     * resources would only follow the first's answer, which no double click waits for), and not recorded:
     * what it did shows in the provider's charges and the shipments.
     */
    private final ChainBuilder doubleClick = exec(s -> {
                SECOND_CLICKS.sendAsync(HttpRequest.newBuilder(URI.create(BASE_URL + "/api/trade/orders/" + s.getString("orderId") + "/pay"))
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
                return s;
            })
            .exec(recorder::started)
            .exec(http(Op.PAY).post("/api/trade/orders/#{orderId}/pay")
                    .check(status().saveAs("status"), jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> recorder.record(s, Op.PAY, 200, sku));

    private static final String BASE_URL = System.getProperty(Recorder.BASE_URL, "http://127.0.0.1:8080");
    private static final HttpClient SECOND_CLICKS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How long the unrecorded warm-up runs before the shoppers come. */
    static final long WARM_UP_SECONDS = 3;

    /** Unrecorded: compiles both JVMs' paths on an unknown SKU (a 4xx that changes nothing). */
    private final ScenarioBuilder warmUp = scenario("warm-up (not recorded)")
            .exec(http("warm-up checkout").post("/api/trade/orders")
                    .body(StringBody("{\"userId\":\"warm-up\",\"sku\":\"" + DuplicatePayment.WARM_UP_SKU
                            + "\",\"quantity\":1,\"channel\":\"alipay\"}"))
                    .check(status().in(404, 409, 422, 400)));

    private final ScenarioBuilder shoppers = scenario("shoppers")
            .exec(this::persona)
            .exec(checkout)
            .doIf(s -> s.contains("orderId") && s.getInt("status") == 201 && !s.getBoolean("abandons"))
            .then(doIfOrElse(s -> s.getBoolean("doubleClick")).then(doubleClick).orElse(pay));

    {
        setUp(warmUp.injectClosed(constantConcurrentUsers(8).during(Duration.ofSeconds(WARM_UP_SECONDS)))
                .andThen(shoppers.injectOpen(rampUsers(users).during(Duration.ofMillis(rampMs)))))
                .protocols(Recorder.protocol());
    }

    @Override
    public void after() {
        recorder.close();
    }
}
