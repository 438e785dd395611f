package shoplab.report;

import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One strategy's history folded onto the time axis: the measured operation counted per second by outcome
 * with its latencies, the server samples, and the faults. The report draws it once from a finished
 * history; the console feeds it entry by entry while the run goes on ({@link History.Listener}) and
 * redraws from it every second, so both show the same figures.
 *
 * <p>Appends come from the threads that append to the history; reads from a drawing thread. Every method
 * is synchronized and every read returns a copy.
 */
public final class Timeline implements History.Listener {

    /** An (x, y) point: x in seconds since the run started. */
    public record Point(double x, double y) {
    }

    /** The measured operations that completed in one second, by outcome, and their latencies. */
    private static final class Second {
        final long[] counts = new long[Outcome.values().length];
        long[] latencies = new long[16];
        int n;

        void add(Op op) {
            counts[op.outcome().ordinal()]++;
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = op.latencyMs();
        }
    }

    private final String measured;
    private final TreeMap<Long, Second> seconds = new TreeMap<>();
    /** Every operation (all kinds, every attempt) by the second it started in, counted per class ({@link Op#CLASSES}). */
    private final TreeMap<Long, long[]> served = new TreeMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final List<FaultEvent> faults = new ArrayList<>();
    private long endMs;

    /** @param measured the operation counted and timed, e.g. {@link Op#BUY} */
    public Timeline(String measured) {
        this.measured = measured;
    }

    /** A finished history folded at once. */
    public static Timeline of(History h, String measured) {
        return new Timeline(measured).replay(h);
    }

    /** Folds every entry of a recorded history into this timeline; returns it. */
    public Timeline replay(History h) {
        h.ops().forEach(this::onOp);
        h.faults().forEach(this::onFault);
        h.samples().forEach(this::onSample);
        return this;
    }

    @Override
    public synchronized void onOp(Op op) {
        endMs = Math.max(endMs, Math.max(op.startMs(), op.endMs()));
        served.computeIfAbsent(Math.max(0, op.startMs()) / 1000, k -> new long[Op.CLASSES.size()])[Op.CLASSES.indexOf(op.served())]++;
        if (measured.equals(op.f())) {
            seconds.computeIfAbsent(Math.max(0, op.endMs()) / 1000, k -> new Second()).add(op);
        }
    }

    @Override
    public synchronized void onFault(FaultEvent fault) {
        endMs = Math.max(endMs, fault.atMs());
        faults.add(fault);
    }

    @Override
    public synchronized void onSample(Sample sample) {
        endMs = Math.max(endMs, sample.atMs());
        samples.add(sample);
    }

    public String measured() {
        return measured;
    }

    /** The last instant anything happened, milliseconds since the run started. */
    public synchronized long endMs() {
        return endMs;
    }

    /** The x range every chart of this timeline shares: 0 to the end, in whole seconds, at least 1. */
    public synchronized double xMaxSeconds() {
        return Math.max(1, Math.ceil(endMs / 1000.0));
    }

    /** Measured operations with this outcome per second of completion; seconds without any count as 0. */
    public synchronized List<Point> perSecond(Outcome outcome) {
        List<Point> points = new ArrayList<>();
        if (seconds.isEmpty()) {
            return points;
        }
        long last = seconds.lastKey();
        for (long s = 0; s <= last; s++) {
            Second sec = seconds.get(s);
            points.add(new Point(s, sec == null ? 0 : sec.counts[outcome.ordinal()]));
        }
        return points;
    }

    /**
     * The degradation ladder: of the requests started in each second (every kind, every attempt), the share
     * served as {@code servedClass} ({@link Op#FULL}, degraded, shed, failed); seconds with none are left out.
     */
    public synchronized List<Point> servedShare(String servedClass) {
        int i = Op.CLASSES.indexOf(servedClass);
        List<Point> points = new ArrayList<>();
        served.forEach((s, counts) -> {
            long all = Arrays.stream(counts).sum();
            points.add(new Point(s, all == 0 ? 0 : (double) counts[i] / all));
        });
        return points;
    }

    /** Offered load: requests started per second (every kind, every attempt, retries included). */
    public synchronized List<Point> offered() {
        List<Point> points = new ArrayList<>();
        served.forEach((s, counts) -> points.add(new Point(s, Arrays.stream(counts).sum())));
        return points;
    }

    /** Goodput: of the requests started each second, those served full or degraded (answered, not shed or failed). */
    public synchronized List<Point> goodput() {
        List<Point> points = new ArrayList<>();
        int full = Op.CLASSES.indexOf(Op.FULL);
        int degraded = Op.CLASSES.indexOf(Op.DEGRADED);
        served.forEach((s, counts) -> points.add(new Point(s, counts[full] + counts[degraded])));
        return points;
    }

    /** The nearest-rank latency percentile (ms) of the measured operations completed in each second. */
    public synchronized List<Point> latencyPercentile(double p) {
        List<Point> points = new ArrayList<>();
        seconds.forEach((s, sec) -> {
            long[] sorted = Arrays.copyOf(sec.latencies, sec.n);
            Arrays.sort(sorted);
            points.add(new Point(s, percentile(sorted, p)));
        });
        return points;
    }

    /** A sampled figure over time; samples that do not carry it are skipped. */
    public synchronized List<Point> sampled(String figure) {
        List<Point> points = new ArrayList<>();
        for (Sample s : samples) {
            double v = s.get(figure);
            if (!Double.isNaN(v)) {
                points.add(new Point(s.atMs() / 1000.0, v));
            }
        }
        return points;
    }

    /** The checkers whose live violation counts the samples carry, in name order. */
    public synchronized List<String> liveCheckers() {
        TreeSet<String> names = new TreeSet<>();
        for (Sample s : samples) {
            for (String key : s.values().keySet()) {
                if (key.startsWith(Sample.VIOLATIONS_PREFIX)) {
                    names.add(key.substring(Sample.VIOLATIONS_PREFIX.length()));
                }
            }
        }
        return List.copyOf(names);
    }

    /** The latest value of a sampled figure, or NaN before any sample carried it. */
    public synchronized double latest(String figure) {
        for (int i = samples.size() - 1; i >= 0; i--) {
            double v = samples.get(i).get(figure);
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return Double.NaN;
    }

    public synchronized List<FaultEvent> faults() {
        return List.copyOf(faults);
    }

    /** The fault windows so far; a window not yet healed reaches the end of the timeline. */
    public synchronized List<FaultWindow> faultWindows() {
        return faultWindows(faults, endMs);
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

    /** The traffic manager's steps inside a switch (instants, not windows). */
    static final java.util.Set<String> SWITCH_STEPS = java.util.Set.of("detect", "fence", "catch-up", "promote", "switch-failed",
            "rejoin", "rejoin-failed");

    /**
     * The fault windows of a list of events: every event whose action is not {@code heal} opens a window
     * on its target, the next {@code heal} of that target closes every window open on it; a traffic switch
     * runs from its {@code switch} to its {@code switched}, its steps between are instants (no window);
     * windows still open close at {@code runEndMs}. In order of their start.
     */
    public static List<FaultWindow> faultWindows(List<FaultEvent> faults, long runEndMs) {
        List<FaultEvent> sorted = new ArrayList<>(faults);
        sorted.sort(Comparator.comparingLong(FaultEvent::atMs)); // stable: same-time events keep their order
        List<FaultWindow> closed = new ArrayList<>();
        List<FaultEvent> open = new ArrayList<>();
        for (FaultEvent e : sorted) {
            if (SWITCH_STEPS.contains(e.action())) {
                continue; // an instant of a switch under way: listed, not shaded
            }
            if ("switched".equals(e.action())) { // a switch's end closes its window, like a heal
                for (Iterator<FaultEvent> it = open.iterator(); it.hasNext(); ) {
                    FaultEvent o = it.next();
                    if ("switch".equals(o.action()) && o.target() != null && o.target().equals(e.target())) {
                        closed.add(new FaultWindow(o.action(), o.target(), o.atMs(), e.atMs(), true));
                        it.remove();
                    }
                }
                continue;
            }
            if ("heal".equalsIgnoreCase(e.action())) {
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

    /** Nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
