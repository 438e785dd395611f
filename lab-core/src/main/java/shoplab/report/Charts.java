package shoplab.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The charts of a run, drawn with JFreeChart from {@link Timeline}s: rendered to SVG text for the HTML
 * report (inlined, so the page stays one self-contained file), and shown as they are by the console,
 * which redraws them every second during a run. Both therefore show the same figures.
 *
 * <p>Per strategy: throughput, latency percentiles, the scenario's charts ({@link ChartSpec}: stock,
 * queue lag, orders...) and violations found so far, all on the same x axis (seconds since the run started, 0 to the end of that strategy's history) and all
 * shading the fault windows, so that a dip in one chart can be read against the others and against the
 * faults. Across strategies: a bar chart of attempts per second, and overlays on one time axis.
 *
 * <p>{@link #svg} takes an {@code id}: it becomes the SVG element's id and the prefix of its internal
 * definitions, so that several charts can share one HTML page and the output is the same for the same
 * input (the report is rebuilt byte for byte).
 */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 860;
    public static final int HEIGHT = 260;

    /** The fault shading: translucent red. */
    public static final Color FAULT_PAINT = new Color(220, 30, 30, 45);

    private static final Color OK = new Color(0x2e, 0x7d, 0x32);
    private static final Color FAILED = new Color(0x8d, 0x6e, 0x63);
    private static final Color UNKNOWN = new Color(0x6a, 0x1b, 0x9a);
    private static final Color P50 = new Color(0x15, 0x65, 0xc0);
    private static final Color P95 = new Color(0xef, 0x6c, 0x00);
    private static final Color P99 = new Color(0xb7, 0x1c, 0x1c);
    private static final Color SAFE_BAR = new Color(0x42, 0x7a, 0xb5);
    private static final Color UNSAFE_BAR = new Color(0xe0, 0x9a, 0x00);
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    /** One color per strategy or checker in overlays. */
    private static final Color[] PALETTE = {new Color(0x15, 0x65, 0xc0), new Color(0xc6, 0x28, 0x28),
            new Color(0x2e, 0x7d, 0x32), new Color(0xef, 0x6c, 0x00), new Color(0x6a, 0x1b, 0x9a),
            new Color(0x00, 0x83, 0x8f)};
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private Charts() {
    }

    // ---- per strategy ---------------------------------------------------------------------------------

    /** Measured operations per second, by the second they completed in: ok, failed, unknown. */
    public static JFreeChart throughputChart(Timeline t) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("ok", t.perSecond(Outcome.OK)));
        data.addSeries(series("failed", t.perSecond(Outcome.FAIL)));
        data.addSeries(series("unknown", t.perSecond(Outcome.UNKNOWN)));
        return xyChart(title(t, "per second (by completion)"), t.measured() + "/s", data, List.of(t),
                new Color[] {OK, FAILED, UNKNOWN});
    }

    /**
     * Latency percentiles (p50, p95, p99, milliseconds) of the measured operations completed in each
     * second, whatever their outcome: a timeout's latency is part of what the buyer lived through.
     */
    public static JFreeChart latencyChart(Timeline t) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("p50", t.latencyPercentile(50)));
        data.addSeries(series("p95", t.latencyPercentile(95)));
        data.addSeries(series("p99", t.latencyPercentile(99)));
        return xyChart(title(t, "latency per second"), "ms", data, List.of(t), new Color[] {P50, P95, P99});
    }

    /** Full green, degraded amber, shed orange, failed a dark purple: apart from the faults' red shading. */
    private static final Color[] LADDER = {new Color(0x2e, 0x7d, 0x32), new Color(0xfb, 0xc0, 0x2d),
            new Color(0xef, 0x6c, 0x00), new Color(0x4a, 0x14, 0x8c)};

    /**
     * The degradation ladder: of the requests started each second (every kind and attempt), the shares served
     * full, degraded, shed and failed, stacked to 1, over the fault windows (the data center's failure, the
     * switch's steps).
     */
    public static JFreeChart ladderChart(Timeline t) {
        org.jfree.data.xy.DefaultTableXYDataset data = new org.jfree.data.xy.DefaultTableXYDataset();
        for (String c : Op.CLASSES) {
            XYSeries s = new XYSeries(c, true, false);
            t.servedShare(c).forEach(p -> s.add(p.x(), p.y(), false));
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createStackedXYAreaChart("Degradation ladder: how each second's requests were served",
                "seconds since start", "share of requests", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        var renderer = new org.jfree.chart.renderer.xy.StackedXYAreaRenderer2();
        for (int i = 0; i < LADDER.length; i++) {
            renderer.setSeriesPaint(i, LADDER[i]);
        }
        plot.setRenderer(renderer);
        frame(plot, List.of(t));
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setAutoRange(false);
        y.setRange(0, 1.15); // head room for the fault labels
        return chart;
    }

    /** Goodput (requests served full or degraded) against offered load (requests started, retries included), per second. */
    public static JFreeChart goodputChart(Timeline t) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("offered", t.offered()));
        data.addSeries(series("goodput", t.goodput()));
        return xyChart("Goodput against offered load", "requests/s", data, List.of(t), new Color[] {P95, OK});
    }

    /**
     * A scenario's chart of sampled figures over time ({@link ChartSpec}); a series no sample carries is
     * left out (the stock chart of a strategy without Redis has no Redis line).
     */
    public static JFreeChart chart(Timeline t, ChartSpec spec) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ChartSpec.Series s : spec.series()) {
            XYSeries line = series(s.label(), t.sampled(s.sample()));
            if (!line.isEmpty()) {
                data.addSeries(line);
            }
        }
        Color[] colors = new Color[data.getSeriesCount()];
        for (int i = 0; i < colors.length; i++) {
            colors[i] = PALETTE[i % PALETTE.length];
        }
        return xyChart(spec.title(), spec.units(), data, List.of(t), colors);
    }

    /**
     * Violations found while the run went on, by the checkers that can judge a run so far (a violation
     * on part of a history stays one on the whole of it); the final verdicts come after the run.
     */
    public static JFreeChart violationsChart(Timeline t) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> checkers = t.liveCheckers();
        Color[] colors = new Color[checkers.size()];
        for (int i = 0; i < checkers.size(); i++) {
            data.addSeries(series(checkers.get(i), t.sampled(Sample.VIOLATIONS_PREFIX + checkers.get(i))));
            colors[i] = PALETTE[i % PALETTE.length];
        }
        return integers(xyChart("Violations found so far", "violations", data, List.of(t), colors));
    }

    private static JFreeChart integers(JFreeChart chart) {
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return chart;
    }

    // ---- strategies overlaid --------------------------------------------------------------------------

    /** Acknowledged operations per second, one line per strategy, on one time axis. */
    public static JFreeChart throughputOverlay(Map<String, Timeline> byStrategy) {
        return overlay("acknowledged per second", "ok/s", byStrategy, t -> t.perSecond(Outcome.OK));
    }

    /** The ladder's bottom rung compared: the share of each second's requests that failed, one line per strategy. */
    public static JFreeChart failedShareOverlay(Map<String, Timeline> byStrategy) {
        return overlay("failed share of requests per second", "share", byStrategy, t -> t.servedShare(Op.FAILED));
    }

    /** Goodput (requests served full or degraded) per second, one line per strategy. */
    public static JFreeChart goodputOverlay(Map<String, Timeline> byStrategy) {
        return overlay("goodput per second", "requests/s", byStrategy, Timeline::goodput);
    }

    /** p99 latency per second, one line per strategy. */
    public static JFreeChart latencyOverlay(Map<String, Timeline> byStrategy) {
        return overlay("p99 latency per second", "ms", byStrategy, t -> t.latencyPercentile(99));
    }

    /** A scenario chart's first series, one line per strategy, e.g. "DB stock by strategy". */
    public static JFreeChart overlay(Map<String, Timeline> byStrategy, ChartSpec spec) {
        ChartSpec.Series first = spec.series().get(0);
        return overlay(first.label() + " by strategy", spec.units(), byStrategy, t -> t.sampled(first.sample()));
    }

    /** Violations found so far, all checkers summed, one line per strategy. */
    public static JFreeChart violationsOverlay(Map<String, Timeline> byStrategy) {
        return integers(overlay("Violations found so far", "violations", byStrategy, t -> {
            List<List<Timeline.Point>> each = t.liveCheckers().stream()
                    .map(c -> t.sampled(Sample.VIOLATIONS_PREFIX + c)).toList();
            List<Timeline.Point> sum = new ArrayList<>();
            if (!each.isEmpty()) {
                for (int i = 0; i < each.get(0).size(); i++) {
                    double y = 0;
                    for (List<Timeline.Point> c : each) {
                        y += i < c.size() ? c.get(i).y() : 0;
                    }
                    sum.add(new Timeline.Point(each.get(0).get(i).x(), y));
                }
            }
            return sum;
        }));
    }

    private static JFreeChart overlay(String what, String yLabel, Map<String, Timeline> byStrategy,
                                      Function<Timeline, List<Timeline.Point>> points) {
        XYSeriesCollection data = new XYSeriesCollection();
        Color[] colors = new Color[byStrategy.size()];
        int i = 0;
        for (Map.Entry<String, Timeline> e : byStrategy.entrySet()) {
            data.addSeries(series(e.getKey(), points.apply(e.getValue())));
            colors[i] = PALETTE[i % PALETTE.length];
            i++;
        }
        return xyChart(what.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + what.substring(1), yLabel, data,
                List.copyOf(byStrategy.values()), colors);
    }

    private static XYSeries series(String name, List<Timeline.Point> points) {
        XYSeries s = new XYSeries(name, true, true);
        for (Timeline.Point p : points) {
            s.add(p.x(), p.y(), false);
        }
        return s;
    }

    private static String title(Timeline t, String what) {
        String op = t.measured();
        return op.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + op.substring(1) + " " + what;
    }

    /**
     * A line chart over the timelines' shared axis (0 to the latest end, seconds), shading every fault
     * window of every timeline (a comparison runs the same fault plan, so the windows coincide).
     */
    private static JFreeChart xyChart(String title, String yLabel, XYSeriesCollection data, List<Timeline> timelines,
                                      Color[] colors) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds since start", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        plot.setRenderer(renderer);
        frame(plot, timelines);
        return chart;
    }

    /** The shared frame of the time charts: white, grid, the common time axis, the fault windows shaded. */
    private static void frame(XYPlot plot, List<Timeline> timelines) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setNoDataMessage("no data");
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setRange(0, timelines.stream().mapToDouble(Timeline::xMaxSeconds).max().orElse(1));
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setAutoRangeIncludesZero(true);
        y.setAutoRangeMinimumSize(1); // an all-zero series reads 0..1, not 0 +- 4E-9
        y.setRangeType(org.jfree.data.RangeType.POSITIVE); // every figure drawn is a count, a time or a stock
        y.setUpperMargin(0.15); // head room for the fault labels
        AxisSpace left = new AxisSpace();
        left.setLeft(72); // same plot area on every chart, so their time axes line up
        plot.setFixedRangeAxisSpace(left);
        java.util.Set<Timeline.FaultWindow> shaded = new java.util.LinkedHashSet<>();
        for (Timeline t : timelines) {
            shaded.addAll(t.faultWindows());
        }
        for (Timeline.FaultWindow w : shaded) {
            IntervalMarker m = new IntervalMarker(w.startMs() / 1000.0, w.endMs() / 1000.0);
            m.setPaint(FAULT_PAINT);
            m.setLabel(w.label());
            m.setLabelFont(LABEL_FONT);
            m.setLabelPaint(new Color(0x8b, 0, 0));
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            m.setLabelOffset(new RectangleInsets(2, 2, 2, 2));
            plot.addDomainMarker(m, Layer.BACKGROUND);
        }
    }

    // ---- across strategies ----------------------------------------------------------------------------

    /** Attempts per second of each strategy, in run order; deliberately unsafe strategies in amber. */
    public static JFreeChart attemptsChart(List<StrategyResult> strategies) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (StrategyResult s : strategies) {
            double v = s.attemptsPerSecond();
            data.addValue(Double.isNaN(v) ? null : v, "attempts/s", s.name());
        }
        JFreeChart chart = ChartFactory.createBarChart("Attempts per second", null, "attempts/s", data,
                PlotOrientation.VERTICAL, false, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setNoDataMessage("no data");
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return strategies.get(column).unsafe() ? UNSAFE_BAR : SAFE_BAR;
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.12);
        plot.setRenderer(renderer);
        CategoryAxis x = plot.getDomainAxis();
        if (strategies.size() > 6) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        return chart;
    }

    // ---- rendering ------------------------------------------------------------------------------------

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(TITLE_FONT);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
    }

    /** A chart as inline SVG; {@code id} names the element and prefixes its definitions. */
    public static String svg(String id, JFreeChart chart) {
        String safeId = id.replaceAll("[^A-Za-z0-9_-]", "_");
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        g2.setDefsKeyPrefix(safeId + "-");
        chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g2.getSVGElement(safeId, true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    }
}
