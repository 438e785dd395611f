package shoplab.report;

import java.util.List;
import java.util.Objects;

/**
 * A chart a scenario adds to each strategy's timeline: sampled figures over time, drawn by both the HTML
 * report and the console (see {@link Charts#chart}). Saved in the bundle's run.json with the rest of the
 * scenario's {@link Presentation}.
 *
 * @param id     a short name, unique within the scenario: the chart's element id ({@code chart-<id>})
 * @param title  the chart's title
 * @param units  the y axis label
 * @param series the lines, each a sample key; the first is the one overlaid when strategies are compared
 */
public record ChartSpec(String id, String title, String units, List<Series> series) {

    /** One line: its legend and the sample figure it plots ({@link shoplab.history.Sample#values()}). */
    public record Series(String label, String sample) {
    }

    public ChartSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        series = List.copyOf(series);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("chart " + id + " has no series");
        }
    }
}
