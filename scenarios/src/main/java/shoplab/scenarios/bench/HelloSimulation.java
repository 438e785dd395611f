package shoplab.scenarios.bench;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import shoplab.history.HistoryStream;
import shoplab.history.Op;
import shoplab.history.Outcome;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** Constant concurrency of GETs to the no-op endpoint, each one streamed to the lab's history. */
public class HelloSimulation extends Simulation {

    static final String OP = "hello";
    static final String PATH = "/api/orders/hello";

    private final HistoryStream history = HistoryStream.fromSystemProperties();

    private Session record(Session s) {
        int status = s.contains("status") ? s.getInt("status") : 0;
        history.send(new Op(OP, status == 200 ? Outcome.OK : status == 0 ? Outcome.UNKNOWN : Outcome.FAIL,
                s.getLong("t0"), history.now(), "u-" + s.userId(), null, null, status, null));
        return s;
    }

    private final ScenarioBuilder hello = scenario("edge hello")
            .exec(s -> s.set("t0", history.now()))
            .exec(http("hello").get(PATH).check(status().saveAs("status")))
            .exec(this::record);

    /** Compiles the request path in both JVMs before the measured phase; not recorded. */
    private final ScenarioBuilder warmUp = scenario("warm-up (not recorded)").exec(http("warm-up").get(PATH));

    {
        int concurrency = Integer.getInteger(BenchmarkScenario.P_CONCURRENCY, 64);
        setUp(warmUp.injectClosed(constantConcurrentUsers(concurrency).during(Duration.ofSeconds(5)))
                .andThen(hello.injectClosed(constantConcurrentUsers(concurrency)
                        .during(Duration.ofSeconds(Long.getLong(BenchmarkScenario.P_SECONDS, 8))))))
                .protocols(http.baseUrl(System.getProperty("shoplab.baseUrl", "http://127.0.0.1:8080")).shareConnections());
    }

    @Override
    public void after() {
        history.close();
    }
}
