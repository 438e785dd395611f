package shoplab.scenarios.bench;

import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.report.Presentation;
import shoplab.run.LoadEnd;
import shoplab.run.Parameter;
import shoplab.run.Params;
import shoplab.run.Probe;
import shoplab.run.ServiceJson;
import shoplab.scenarios.flashsale.StockProbe;
import shoplab.stack.Stack;
import shoplab.run.Scenario;

import java.util.List;
import java.util.Map;

/**
 * What the benchmark baselines share: a fixed number of concurrent users sending one request after
 * another for a while (after an unrecorded warm-up), no business to judge, and the stock mechanism's
 * strategies to choose from.
 */
abstract class BenchmarkScenario implements Scenario {

    static final String P_CONCURRENCY = "shoplab.bench.concurrency";
    static final String P_SECONDS = "shoplab.bench.seconds";
    static final String P_WARM_UP = "shoplab.bench.warmUpSeconds";

    /** Hold time of the benchmarks' stacks: nothing is bought, so nothing is ever held. */
    static final long HOLD_MILLIS = 1000;

    private final int defaultSeconds;

    BenchmarkScenario(int defaultSeconds) {
        this.defaultSeconds = defaultSeconds;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.integer("concurrency", 64, 1, 10_000, "concurrent users, each sending one request after another"),
                Parameter.integer("seconds", defaultSeconds, 1, 600, "how long to load, after the warm-up"),
                Parameter.integer(WARM_UP, WARM_UP_SECONDS, 1, 300, "seconds of unrecorded load first, while the JIT compiles the path"));
    }

    @Override
    public String mechanism() {
        return "stock";
    }

    /**
     * The unrecorded warm-up of the benchmark simulations, by default. Measured here: the edge serves a no-op
     * at 1.4k/s in its first 3 s and at 17k/s after 30 s, as the JIT compiles its paths; {@code shoplab bench}
     * warms up longer.
     */
    static final long WARM_UP_SECONDS = 5;
    static final String WARM_UP = "warmUpSeconds";

    @Override
    public java.util.Optional<LoadEnd> loadEnd(Params params) {
        return java.util.Optional.of(LoadEnd.ofSteady(params.getLong(WARM_UP) * 1000, params.getLong("seconds") * 1000));
    }

    @Override
    public Map<String, String> loadProperties(Params params, long seed) {
        return Map.of(P_CONCURRENCY, params.get("concurrency"), P_SECONDS, params.get("seconds"), P_WARM_UP, params.get(WARM_UP));
    }

    @Override
    public List<Checker> checkers() {
        return List.of();
    }

    /** The stock side as any stack has it: the timeline's samples, and the drain after the load. */
    @Override
    public Probe probe(Stack stack, Params params, long epochMs) {
        return new StockProbe(stack, new ServiceJson(), 1, HOLD_MILLIS, epochMs);
    }

    /** Nothing is judged, so there is nothing to count: the load figures are the result. */
    @Override
    public Map<String, Number> figures(List<Verdict> verdicts, FinalState state) {
        return Map.of();
    }

    @Override
    public Presentation presentation() {
        return new Presentation("A benchmark: only the rate and latency of the measured operation matter; "
                + "nothing is judged. Compare ratios within one run, never absolute figures across runs.",
                List.of(), List.of());
    }
}
