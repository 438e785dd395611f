package shoplab.scenarios.bench;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import shoplab.history.HistoryStream;
import shoplab.history.Op;
import shoplab.history.Outcome;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** Constant concurrency of deductions at the inventory service; every answer streamed to the history. */
public class DeductSimulation extends Simulation {

    static final String OP = "deduct";
    static final String SKU = "bench-sku";

    private final HistoryStream history = HistoryStream.fromSystemProperties();

    private Session record(Session s) {
        int status = s.contains("status") ? s.getInt("status") : 0;
        Outcome outcome = status == 200 ? Outcome.OK : status >= 400 && status < 500 ? Outcome.FAIL : Outcome.UNKNOWN;
        history.send(new Op(OP, outcome, s.getLong("t0"), history.now(), "u-" + s.userId(), SKU, null, status, null));
        return s;
    }

    private static final String BODY = "{\"orderId\":\"d-#{uid}\",\"user\":\"u-#{uid}\",\"sku\":\"" + SKU + "\",\"qty\":1}";

    private final ScenarioBuilder warmUp = scenario("warm-up (not recorded)")
            .exec(s -> s.set("uid", s.userId()))
            .exec(http("warm-up").post("/api/stock/deduct").body(StringBody(BODY)).check(status().is(409)));

    private final ScenarioBuilder deduct = scenario("sold-out deductions")
            .exec(s -> s.set("uid", s.userId()).set("t0", history.now()).remove("status"))
            .exec(http("deduct").post("/api/stock/deduct").body(StringBody(BODY)).check(status().saveAs("status")))
            .exec(this::record);

    {
        int concurrency = Integer.getInteger(BenchmarkScenario.P_CONCURRENCY, 64);
        setUp(warmUp.injectClosed(constantConcurrentUsers(concurrency).during(Duration.ofSeconds(5)))
                .andThen(deduct.injectClosed(constantConcurrentUsers(concurrency)
                        .during(Duration.ofSeconds(Long.getLong(BenchmarkScenario.P_SECONDS, 6))))))
                .protocols(http.baseUrl(System.getProperty("shoplab.baseUrl", "http://127.0.0.1:8080"))
                        .shareConnections().contentTypeHeader("application/json"));
    }

    @Override
    public void after() {
        history.close();
    }
}
