package shoplab.report;

import java.util.List;
import java.util.Map;

/**
 * A whole run's results: what ran, with what, and each strategy's result. Written as results.json.
 *
 * @param scenario   the scenario name
 * @param startedAt  ISO-8601 instant the run started
 * @param seed       the seed every random choice derived from
 * @param parameters the scenario parameters, resolved (defaults and overrides)
 * @param complete   false when the run was stopped or failed before every strategy finished
 * @param strategies one result per strategy, in the order they ran
 */
public record RunResults(String scenario, String startedAt, long seed, Map<String, String> parameters,
                         boolean complete, List<StrategyResult> strategies) {

    public RunResults {
        parameters = Map.copyOf(parameters);
        strategies = List.copyOf(strategies);
    }
}
