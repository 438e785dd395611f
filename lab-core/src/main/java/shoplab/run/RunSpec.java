package shoplab.run;

import shoplab.report.Presentation;
import shoplab.topology.Link;

import java.util.List;
import java.util.Map;

/**
 * What a run was: enough to understand, and rebuild the report of, a run bundle without the code that
 * made it. Written as run.json.
 *
 * @param scenario     the scenario name, e.g. {@code flash-sale}
 * @param startedAt    ISO-8601 instant
 * @param topologyName the topology's name
 * @param topologyFile the path the topology was read from
 * @param topologyYaml the topology file's text, as run
 * @param mechanism    the mechanism the strategies choose for, e.g. {@code stock}
 * @param strategies   the strategies run, in order
 * @param parameters   the scenario parameters, resolved
 * @param seed         the seed
 * @param latencyModel the links and their one-way latencies
 * @param versions     component name to version (java, redis, kafka, h2, gatling, shoplab)
 * @param measuredOperation the operation whose rate and latency the results and charts report
 * @param presentation the scenario's figure columns, charts and report text, so the report needs no scenario code
 * @param faults       the scripted fault plan, each step with what became of it per strategy so far
 */
public record RunSpec(String scenario, String startedAt, String topologyName, String topologyFile,
                      String topologyYaml, String mechanism, List<String> strategies,
                      Map<String, String> parameters, long seed, List<Link> latencyModel,
                      Map<String, String> versions, String measuredOperation, Presentation presentation,
                      List<PlannedFault> faults) {

    /** A run without scripted faults. */
    public RunSpec(String scenario, String startedAt, String topologyName, String topologyFile,
                   String topologyYaml, String mechanism, List<String> strategies,
                   Map<String, String> parameters, long seed, List<Link> latencyModel,
                   Map<String, String> versions, String measuredOperation, Presentation presentation) {
        this(scenario, startedAt, topologyName, topologyFile, topologyYaml, mechanism, strategies, parameters, seed,
                latencyModel, versions, measuredOperation, presentation, List.of());
    }

    public RunSpec {
        // bundles written before the fault plan was kept have none
        faults = faults == null ? List.of() : List.copyOf(faults);
        // bundles written before the field existed measured purchases
        measuredOperation = measuredOperation == null ? shoplab.history.Op.BUY : measuredOperation;
        // bundles written before scenarios brought their presentation show the shared columns and charts
        presentation = presentation == null ? Presentation.NONE : presentation;
        strategies = List.copyOf(strategies);
        parameters = Map.copyOf(parameters);
        latencyModel = List.copyOf(latencyModel);
        versions = Map.copyOf(versions);
    }
}
