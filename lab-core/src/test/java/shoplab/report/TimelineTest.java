package shoplab.report;

import org.junit.jupiter.api.Test;
import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {

    private static Op op(String f, Outcome o, long start, long end) {
        return new Op(f, o, start, end, "u", "sku-1", null, 200, null);
    }

    @Test
    void countsTheMeasuredOperationPerSecondOfCompletionWithGapsAsZero() {
        Timeline t = new Timeline(Op.BUY);
        t.onOp(op(Op.BUY, Outcome.OK, 100, 900));
        t.onOp(op(Op.BUY, Outcome.FAIL, 100, 950));
        t.onOp(op(Op.BUY, Outcome.OK, 2000, 2100));
        t.onOp(op(Op.PAY, Outcome.OK, 2000, 3500)); // not measured, but it extends the timeline

        assertThat(t.perSecond(Outcome.OK)).containsExactly(new Timeline.Point(0, 1), new Timeline.Point(1, 0),
                new Timeline.Point(2, 1));
        assertThat(t.perSecond(Outcome.FAIL)).extracting(Timeline.Point::y).containsExactly(1.0, 0.0, 0.0);
        assertThat(t.latencyPercentile(50)).containsExactly(new Timeline.Point(0, 800), new Timeline.Point(2, 100));
        assertThat(t.latencyPercentile(99)).first().isEqualTo(new Timeline.Point(0, 850));
        assertThat(t.endMs()).isEqualTo(3500);
        assertThat(t.xMaxSeconds()).isEqualTo(4);
    }

    @Test
    void aTrafficSwitchIsOneWindowFromItsStartToItsEndAndItsStepsAreInstants() {
        List<FaultEvent> events = List.of(new FaultEvent(10_000, "isolate", "dc-a", "cut"),
                new FaultEvent(10_800, "detect", "dc-a", "3 checks"), new FaultEvent(10_800, "switch", "dc-a->dc-b", "auto"),
                new FaultEvent(11_900, "fence", "dc-a", "read-only"), new FaultEvent(12_000, "promote", "dc-b", "promoted"),
                new FaultEvent(12_100, "switched", "dc-a->dc-b", "moved"));
        assertThat(Timeline.faultWindows(events, 20_000)).containsExactly(
                new Timeline.FaultWindow("isolate", "dc-a", 10_000, 20_000, false),
                new Timeline.FaultWindow("switch", "dc-a->dc-b", 10_800, 12_100, true));
    }

    private static Op answered(String f, int status, String classHeader, long start) {
        return new Op(f, Outcome.OK, start, start + 10, "u", "sku-1", null, status, null, null, null, classHeader);
    }

    @Test
    void theLadderSharesEachSecondsRequestsByHowTheyWereServed() {
        Timeline t = new Timeline(Op.BUY);
        t.onOp(answered("product", 200, "degraded", 100));
        t.onOp(answered(Op.BUY, 201, "full", 200));
        t.onOp(answered(Op.BUY, 429, null, 300));      // a 429 is shed whatever it said
        t.onOp(answered(Op.PAY, 0, "full", 400));       // no answer is failed whatever anyone said
        t.onOp(answered(Op.BUY, 503, "shed", 1100));    // refused at once while switching
        t.onOp(answered(Op.BUY, 503, null, 1200));      // any other 5xx failed

        assertThat(t.servedShare(Op.FULL)).containsExactly(new Timeline.Point(0, 0.25), new Timeline.Point(1, 0));
        assertThat(t.servedShare(Op.DEGRADED)).extracting(Timeline.Point::y).containsExactly(0.25, 0.0);
        assertThat(t.servedShare(Op.SHED)).extracting(Timeline.Point::y).containsExactly(0.25, 0.5);
        assertThat(t.servedShare(Op.FAILED)).extracting(Timeline.Point::y).containsExactly(0.25, 0.5);
        assertThat(t.offered()).containsExactly(new Timeline.Point(0, 4), new Timeline.Point(1, 2));
        assertThat(t.goodput()).containsExactly(new Timeline.Point(0, 2), new Timeline.Point(1, 0));
    }

    @Test
    void samplesGiveFiguresOverTimeAndTheLiveCheckersTheyCarry() {
        Timeline t = new Timeline(Op.BUY);
        t.onSample(new Sample(250, Map.of(Sample.DB_STOCK, 10.0)));
        t.onSample(new Sample(500, Map.of(Sample.DB_STOCK, 8.0, Sample.VIOLATIONS_PREFIX + "no-oversell", 0.0)));
        t.onSample(new Sample(750, Map.of(Sample.VIOLATIONS_PREFIX + "no-oversell", 2.0)));

        assertThat(t.sampled(Sample.DB_STOCK)).containsExactly(new Timeline.Point(0.25, 10), new Timeline.Point(0.5, 8));
        assertThat(t.latest(Sample.DB_STOCK)).isEqualTo(8.0);
        assertThat(t.latest(Sample.REDIS_STOCK)).isNaN();
        assertThat(t.liveCheckers()).containsExactly("no-oversell");
        assertThat(Charts.violationsChart(t).getXYPlot().getDataset().getItemCount(0)).isEqualTo(2);
    }

    @Test
    void anUnhealedFaultLastsToTheEndOfWhatIsKnownSoFar() {
        Timeline t = new Timeline(Op.BUY);
        t.onFault(new FaultEvent(1000, "kill", "redis", "killed"));
        t.onSample(new Sample(4000, Map.of()));
        assertThat(t.faultWindows()).containsExactly(new Timeline.FaultWindow("kill", "redis", 1000, 4000, false));
        t.onFault(new FaultEvent(5000, "heal", "redis", "restarted"));
        assertThat(t.faultWindows()).containsExactly(new Timeline.FaultWindow("kill", "redis", 1000, 5000, true));
    }

    @Test
    void aScenarioChartDrawsTheSeriesItsSamplesCarryAndOverlaysItsFirst() {
        ChartSpec stock = new ChartSpec("stock", "Stock over time", "units", List.of(
                new ChartSpec.Series("DB stock", Sample.DB_STOCK), new ChartSpec.Series("Redis stock", Sample.REDIS_STOCK)));
        Timeline dbOnly = new Timeline(Op.BUY);
        dbOnly.onSample(new Sample(250, Map.of(Sample.DB_STOCK, 10.0, Sample.QUEUE_LAG, 2.0)));
        dbOnly.onSample(new Sample(500, Map.of(Sample.DB_STOCK, 9.0)));
        Timeline both = new Timeline(Op.PAY);
        both.onSample(new Sample(250, Map.of(Sample.DB_STOCK, 10.0, Sample.REDIS_STOCK, 9.0)));

        var chart = Charts.chart(dbOnly, stock);
        assertThat(chart.getTitle().getText()).isEqualTo("Stock over time");
        assertThat(chart.getXYPlot().getDataset().getSeriesCount()).as("no Redis line without Redis").isEqualTo(1);
        assertThat(chart.getXYPlot().getDataset().getItemCount(0)).isEqualTo(2);
        assertThat(Charts.chart(both, stock).getXYPlot().getDataset().getSeriesCount()).isEqualTo(2);
        assertThat(Charts.throughputChart(both).getTitle().getText()).startsWith("Pay per second");

        var overlay = Charts.overlay(Map.of("a", dbOnly, "b", both), stock);
        assertThat(overlay.getTitle().getText()).isEqualTo("DB stock by strategy");
        assertThat(overlay.getXYPlot().getDataset().getSeriesCount()).isEqualTo(2);
    }

    @Test
    void overlaysDrawOneLinePerStrategyOnTheLongestAxis() {
        History a = History.of(List.of(op(Op.BUY, Outcome.OK, 0, 500)), List.of(), List.of());
        History b = History.of(List.of(op(Op.BUY, Outcome.OK, 0, 5500)), List.of(), List.of());
        var chart = Charts.throughputOverlay(Map.of("a", Timeline.of(a, Op.BUY), "b", Timeline.of(b, Op.BUY)));
        assertThat(chart.getXYPlot().getDataset().getSeriesCount()).isEqualTo(2);
        assertThat(chart.getXYPlot().getDomainAxis().getUpperBound()).isEqualTo(6.0);
    }
}
