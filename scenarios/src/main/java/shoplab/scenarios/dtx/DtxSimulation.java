package shoplab.scenarios.dtx;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import shoplab.scenarios.load.Recorder;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Shoppers buy one unit each at a steady rate, from the run clock's {@link DistributedTx#LOAD_START_MS} on (so
 * the fault plan strikes the same seconds of load for every strategy): a SKU, maybe their coupon, and a payment
 * that succeeds or fails, all drawn from the seed per purchase. Each purchase is one history entry.
 */
public class DtxSimulation extends Simulation {

    static final String P_RATE = "shoplab.dtx.rate";
    static final String P_SECONDS = "shoplab.dtx.seconds";
    static final String P_SKUS = "shoplab.dtx.skus";
    static final String P_SHOPPERS = "shoplab.dtx.shoppers";
    static final String P_COUPON = "shoplab.dtx.couponShare";
    static final String P_FAIL = "shoplab.dtx.failShare";
    static final String P_SEED = "shoplab.seed";

    /** The history's name for a purchase. */
    public static final String PURCHASE = "purchase";

    private final double rate = Double.parseDouble(System.getProperty(P_RATE, "20"));
    private final long seconds = Long.getLong(P_SECONDS, 30);
    private final int skus = Integer.getInteger(P_SKUS, 10);
    private final int shoppers = Integer.getInteger(P_SHOPPERS, 1000);
    private final double couponShare = Double.parseDouble(System.getProperty(P_COUPON, "0.5"));
    private final double failShare = Double.parseDouble(System.getProperty(P_FAIL, "0.2"));
    private final long seed = Long.getLong(P_SEED, 1);
    private final Recorder recorder = new Recorder();
    private final AtomicLong arrived = new AtomicLong();

    private Session purchase(Session s) {
        long n = arrived.incrementAndGet();
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
        int shopper = 1 + r.nextInt(shoppers);
        String sku = DistributedTx.sku(1 + r.nextInt(skus));
        String coupon = r.nextDouble() < couponShare ? ",\"couponCode\":\"" + DistributedTx.coupon(shopper) + "\"" : "";
        boolean payOk = r.nextDouble() >= failShare;
        return s.set("user", "u-" + shopper).set("sku", sku).set("orderId", "p-" + n)
                .set("body", "{\"purchaseId\":\"p-" + n + "\",\"userId\":\"u-" + shopper + "\",\"sku\":\"" + sku + "\"" + coupon
                        + ",\"payOk\":" + payOk + "}");
    }

    private final ScenarioBuilder shoppersBuying = scenario("shoppers")
            .exec(this::purchase)
            .exec(recorder::started)
            .exec(http(PURCHASE).post("/api/trade/purchases").body(StringBody("#{body}"))
                    .check(status().saveAs("status"), jsonPath("$.error").optional().saveAs("error")))
            .exec(s -> recorder.record(s, PURCHASE, 201, s.getString("sku")));

    {
        long wait = Math.max(0, DistributedTx.LOAD_START_MS - recorder.now());
        setUp(shoppersBuying.injectOpen(nothingFor(Duration.ofMillis(wait)),
                constantUsersPerSec(rate).during(Duration.ofSeconds(seconds))))
                .protocols(Recorder.protocol());
    }

    @Override
    public void after() {
        recorder.close();
    }
}
