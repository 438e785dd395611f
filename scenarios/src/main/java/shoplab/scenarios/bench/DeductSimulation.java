package shoplab.scenarios.bench;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import shoplab.scenarios.load.Recorder;

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

    private final Recorder recorder = new Recorder();

    private static final String BODY = "{\"orderId\":\"d-#{uid}\",\"user\":\"u-#{uid}\",\"sku\":\"" + SKU + "\",\"qty\":1}";

    private final ScenarioBuilder warmUp = scenario("warm-up (not recorded)")
            .exec(s -> s.set("uid", s.userId()))
            .exec(http("warm-up").post("/internal/stock/deduct").body(StringBody(BODY)).check(status().is(409)));

    private final ScenarioBuilder deduct = scenario("sold-out deductions")
            .exec(s -> recorder.started(s.set("uid", s.userId()).set("user", "u-" + s.userId())))
            .exec(http("deduct").post("/internal/stock/deduct").body(StringBody(BODY)).check(status().saveAs("status")))
            .exec(s -> recorder.record(s, OP, 200, SKU));

    {
        int concurrency = Integer.getInteger(BenchmarkScenario.P_CONCURRENCY, 64);
        setUp(warmUp.injectClosed(constantConcurrentUsers(concurrency).during(Duration.ofSeconds(Long.getLong(BenchmarkScenario.P_WARM_UP, BenchmarkScenario.WARM_UP_SECONDS))))
                .andThen(deduct.injectClosed(constantConcurrentUsers(concurrency)
                        .during(Duration.ofSeconds(Long.getLong(BenchmarkScenario.P_SECONDS, 6))))))
                .protocols(Recorder.protocol());
    }

    @Override
    public void after() {
        recorder.close();
    }
}
