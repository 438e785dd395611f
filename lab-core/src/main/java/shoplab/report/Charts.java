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
import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The report's charts, drawn with JFreeChart and rendered to SVG text, so that the HTML report can
 * inline them and stay one self-contained file (no images beside it, no script, no network).
 *
 * <p>Per strategy: purchase throughput, purchase latency percentiles and stock over time, all on the
 * same x axis (seconds since the run started, 0 to the end of that strategy's history) and all shading
 * the fault windows, so that a dip in one chart can be read against the others and against the faults.
 * Across strategies: a bar chart of attempts per second.
 *
 * <p>Every method takes an {@code id}: it becomes the SVG element's id and the prefix of its internal
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
    private static final Color REDIS = new Color(0xc6, 0x28, 0x28);
    private static final Color DB = new Color(0x15, 0x65, 0xc0);
    private static final Color SAFE_BAR = new Color(0x42, 0x7a, 0xb5);
    private static final Color UNSAFE_BAR = new Color(0xe0, 0x9a, 0x00);
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private Charts() {
    }

    /**
     * A stretch of time during which a fault was in force.
     *
     * @param action  the fault's action (kill, slow, cut ...)
     * @param target  the component or link
     * @param startMs when it was injected
     * @param endMs   when the next heal of the same target came, or the end of the run
     * @param healed  whether a heal closed it (false: it lasted to the end of the run)
     */
    public record FaultWindow(String action, String target, long startMs, long endMs, boolean healed) {

        public String label() {
            return action + " " + target;
        }
    }

    /**
     * The fault windows of a history: every event whose action is not {@code heal} opens a window on its
     * target, the next {@code heal} of that target closes every window open on it; windows still open
     * close at {@code runEndMs}. In order of their start.
     */
    public static List<FaultWindow> faultWindows(List<FaultEvent> faults, long runEndMs) {
        List<FaultEvent> sorted = new ArrayList<>(faults);
        sorted.sort(Comparator.comparingLong(FaultEvent::atMs)); // stable: same-time events keep their order
        List<FaultWindow> closed = new ArrayList<>();
        List<FaultEvent> open = new ArrayList<>();
        for (FaultEvent e : sorted) {
            if (isHeal(e)) {
                for (Iterator<FaultEvent> it = open.iterator(); it.hasNext(); ) {
                    FaultEvent o = it.next();
                    if (o.target() != null && o.target().equals(e.target())) {
                        closed.add(new FaultWindow(o.action(), o.target(), o.atMs(), e.atMs(), true));
                        it.remove();
                    }
                }
            } else {
                open.add(e);
            }
        }
        for (FaultEvent o : open) {
            closed.add(new FaultWindow(o.action(), o.target(), o.atMs(), Math.max(o.atMs(), runEndMs), false));
        }
        closed.sort(Comparator.comparingLong(FaultWindow::startMs));
        return closed;
    }

    private static boolean isHeal(FaultEvent e) {
        return "heal".equalsIgnoreCase(e.action());
    }

    /** The last instant the history mentions (op completion, fault, sample), milliseconds. */
    public static long runEndMs(History h) {
        long end = 0;
        for (Op op : h.ops()) {
            end = Math.max(end, Math.max(op.startMs(), op.endMs()));
        }
        for (FaultEvent f : h.faults()) {
            end = Math.max(end, f.atMs());
        }
        for (Sample s : h.samples()) {
            end = Math.max(end, s.atMs());
        }
        return end;
    }

    /** The x range of every chart of one strategy: 0 to the end of its history, in whole seconds. */
    static double xMaxSeconds(History h) {
        return Math.max(1, Math.ceil(runEndMs(h) / 1000.0));
    }

    // ---- per strategy ---------------------------------------------------------------------------------

    /** Purchase operations per second, by the second they completed in: ok, failed, unknown. */
    public static String throughput(String id, History h) {
        return svg(id, throughputChart(h));
    }

    static JFreeChart throughputChart(History h) {
        List<Op> buys = buys(h);
        XYSeries ok = new XYSeries("ok");
        XYSeries failed = new XYSeries("failed");
        XYSeries unknown = new XYSeries("unknown");
        if (!buys.isEmpty()) {
            int last = (int) (buys.stream().mapToLong(Op::endMs).max().orElse(0) / 1000);
            long[][] counts = new long[3][last + 1];
            for (Op op : buys) {
                int second = (int) (Math.max(0, op.endMs()) / 1000);
                counts[op.outcome().ordinal()][second]++;
            }
            for (int s = 0; s <= last; s++) {
                ok.add(s, counts[Outcome.OK.ordinal()][s]);
                failed.add(s, counts[Outcome.FAIL.ordinal()][s]);
                unknown.add(s, counts[Outcome.UNKNOWN.ordinal()][s]);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(ok);
        data.addSeries(failed);
        data.addSeries(unknown);
        return xyChart("Purchases per second (by completion)", "purchases/s", data, h,
                new Color[] {OK, FAILED, UNKNOWN});
    }

    /**
     * Purchase latency percentiles (p50, p95, p99, milliseconds) of the purchases completed in each
     * second, whatever their outcome: a timeout's latency is part of what the buyer lived through.
     */
    public static String latency(String id, History h) {
        return svg(id, latencyChart(h));
    }

    static JFreeChart latencyChart(History h) {
        TreeMap<Long, List<Long>> bySecond = new TreeMap<>();
        for (Op op : buys(h)) {
            bySecond.computeIfAbsent(Math.max(0, op.endMs()) / 1000, k -> new ArrayList<>()).add(op.latencyMs());
        }
        XYSeries p50 = new XYSeries("p50");
        XYSeries p95 = new XYSeries("p95");
        XYSeries p99 = new XYSeries("p99");
        bySecond.forEach((second, latencies) -> {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            p50.add(second.doubleValue(), percentile(sorted, 50));
            p95.add(second.doubleValue(), percentile(sorted, 95));
            p99.add(second.doubleValue(), percentile(sorted, 99));
        });
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(p50);
        data.addSeries(p95);
        data.addSeries(p99);
        return xyChart("Purchase latency per second", "ms", data, h, new Color[] {P50, P95, P99});
    }

    /** Stock over time as sampled: Redis and DB, or DB only when the strategy keeps no stock in Redis. */
    public static String stock(String id, History h) {
        return svg(id, stockChart(h));
    }

    static JFreeChart stockChart(History h) {
        XYSeries redis = new XYSeries("Redis stock");
        XYSeries db = new XYSeries("DB stock");
        for (Sample s : h.samples()) {
            double x = s.atMs() / 1000.0;
            double r = s.get(Sample.REDIS_STOCK);
            double d = s.get(Sample.DB_STOCK);
            if (!Double.isNaN(r)) {
                redis.add(x, r);
            }
            if (!Double.isNaN(d)) {
                db.add(x, d);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        Color[] colors;
        if (redis.isEmpty()) {
            data.addSeries(db);
            colors = new Color[] {DB};
        } else {
            data.addSeries(redis);
            data.addSeries(db);
            colors = new Color[] {REDIS, DB};
        }
        return xyChart("Stock over time", "units", data, h, colors);
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    private static List<Op> buys(History h) {
        return h.ops().stream().filter(op -> Op.BUY.equals(op.f())).toList();
    }

    private static JFreeChart xyChart(String title, String yLabel, XYSeriesCollection data, History h,
                                  Color[] colors) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds since start", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setNoDataMessage("no data");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        plot.setRenderer(renderer);
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setRange(0, xMaxSeconds(h));
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setAutoRangeIncludesZero(true);
        y.setUpperMargin(0.15); // head room for the fault labels
        AxisSpace left = new AxisSpace();
        left.setLeft(72); // same plot area on every chart, so their time axes line up on the page
        plot.setFixedRangeAxisSpace(left);
        for (FaultWindow w : faultWindows(h.faults(), runEndMs(h))) {
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
        return chart;
    }

    // ---- across strategies ----------------------------------------------------------------------------

    /** Attempts per second of each strategy, in run order; deliberately unsafe strategies in amber. */
    public static String attemptsComparison(String id, List<StrategyResult> strategies) {
        return svg(id, attemptsChart(strategies));
    }

    static JFreeChart attemptsChart(List<StrategyResult> strategies) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (StrategyResult s : strategies) {
            double v = s.attemptsPerSecond();
            data.addValue(Double.isNaN(v) ? null : v, "attempts/s", s.name());
        }
        JFreeChart chart = ChartFactory.createBarChart("Purchase attempts per second", null, "attempts/s", data,
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

    private static String svg(String id, JFreeChart chart) {
        String safeId = id.replaceAll("[^A-Za-z0-9_-]", "_");
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        g2.setDefsKeyPrefix(safeId + "-");
        chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g2.getSVGElement(safeId, true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    }
}
