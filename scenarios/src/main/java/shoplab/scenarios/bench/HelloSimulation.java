package shoplab.scenarios.bench;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import shoplab.scenarios.load.Recorder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** Constant concurrency of GETs to the no-op endpoint, each one streamed to the lab's history. */
public class HelloSimulation extends Simulation {

    static final String OP = "hello";
    static final String PATH = "/api/orders/hello";

    private final Recorder recorder = new Recorder();

    private final ScenarioBuilder hello = scenario("edge hello")
            .exec(s -> recorder.started(s.set("user", "u-" + s.userId())))
            .exec(http("hello").get(PATH).check(status().saveAs("status")))
            .exec(s -> recorder.record(s, OP, 200, null));

    /** Compiles the request path in both JVMs before the measured phase; not recorded. */
    private final ScenarioBuilder warmUp = scenario("warm-up (not recorded)").exec(http("warm-up").get(PATH));

    {
        int concurrency = Integer.getInteger(BenchmarkScenario.P_CONCURRENCY, 64);
        setUp(warmUp.injectClosed(constantConcurrentUsers(concurrency).during(Duration.ofSeconds(Long.getLong(BenchmarkScenario.P_WARM_UP, BenchmarkScenario.WARM_UP_SECONDS))))
                .andThen(hello.injectClosed(constantConcurrentUsers(concurrency)
                        .during(Duration.ofSeconds(Long.getLong(BenchmarkScenario.P_SECONDS, 8))))))
                .protocols(Recorder.protocol());
    }

    @Override
    public void after() {
        recorder.close();
    }
}
