package shoplab.report;

import java.util.List;

/**
 * What a scenario adds to the comparison and the charts: what its comparison means (the report's text),
 * the columns of its figures and the charts of its samples. It travels in the bundle's run.json, so a
 * report is rebuilt from the bundle alone.
 *
 * @param explanation what the comparison means, in plain text: what differs between the strategies and
 *                    how to read the scenario's figures
 * @param columns     the scenario's figure columns, between the load figures and the verdict
 * @param charts      the scenario's charts, between latency and the violations found so far
 * @param ladder      whether to draw the degradation ladder (each second's requests as served full, degraded,
 *                    shed, failed) and goodput against offered load: for scenarios whose answers degrade
 */
public record Presentation(String explanation, List<FigureColumn> columns, List<ChartSpec> charts, boolean ladder) {

    /** For bundles written before scenarios brought their presentation: the shared columns and charts only. */
    public static final Presentation NONE = new Presentation("", List.of(), List.of());

    public Presentation(String explanation, List<FigureColumn> columns, List<ChartSpec> charts) {
        this(explanation, columns, charts, false);
    }

    public Presentation {
        explanation = explanation == null ? "" : explanation;
        columns = List.copyOf(columns);
        charts = List.copyOf(charts);
    }
}
