package shoplab.ui.model;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.history.History;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.report.Timeline;
import shoplab.run.Faults;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.stack.Stack;
import shoplab.stack.net.LatencyProxy;
import shoplab.topology.Wiring;
import shoplab.topology.Topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The run the console drives: starts it off the FX thread, follows it as a {@link Runner.Watcher}
 * (each strategy's history feeds a {@link Timeline} of the live {@link RunDisplay}), refreshes the
 * topology's health twice a second, applies faults by hand, and stops it. Every property changes
 * through the {@link UiThread}.
 */
public final class RunModel implements Runner.Watcher {

    private static final Logger LOG = LoggerFactory.getLogger(RunModel.class);

    /** How often the timeline redraws and the topology's health refreshes. */
    static final long REFRESH_MS = 500;

    public enum State {
        IDLE, RUNNING, STOPPING, FINISHED, STOPPED, FAILED;

        public boolean active() {
            return this == RUNNING || this == STOPPING;
        }
    }

    private final UiThread ui;
    private final TopologyModel topology;
    private final Consumer<RunDisplay> onEnd;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready.");
    private final ObjectProperty<RunDisplay> display = new SimpleObjectProperty<>();

    private final ExecutorService runThread = Executors.newSingleThreadExecutor(daemon("console-run"));
    private final ExecutorService faultThread = Executors.newSingleThreadExecutor(daemon("console-faults"));
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(daemon("console-refresh"));

    private volatile Runner runner;
    private volatile RunDisplay live;
    private volatile Topology runTopology;
    private volatile String strategy;
    private volatile Stack stack;
    private volatile Faults faults;
    private volatile java.util.concurrent.Future<?> running;

    /** @param onEnd called on the UI thread when a run ended, however it ended (to list its bundle) */
    public RunModel(UiThread ui, TopologyModel topology, Consumer<RunDisplay> onEnd) {
        this.ui = ui;
        this.topology = topology;
        this.onEnd = onEnd;
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    /** Starts a run (UI thread). The returned display fills as the run goes on. */
    public RunDisplay start(RunRequest request) {
        if (state.get().active()) {
            throw new IllegalStateException("a run is already going on");
        }
        RunDisplay d = new RunDisplay(request.scenario().name() + " on " + request.topology().name()
                + " (" + String.join(", ", request.strategies()) + ")", request.scenario().measuredOperation(),
                request.scenario().presentation());
        d.bundleDirProperty().set(request.bundleDir());
        live = d;
        runTopology = request.topology();
        display.set(d);
        state.set(State.RUNNING);
        status.set("Starting " + request.scenario().name() + "...");
        Runner r = new Runner(line -> ui.execute(() -> status.set(line)), this);
        runner = r;
        running = runThread.submit(() -> runToEnd(r, request, d));
        return d;
    }

    private void runToEnd(Runner r, RunRequest request, RunDisplay d) {
        State end;
        String message;
        List<StrategyResult> saved;
        try {
            RunResults results = r.run(request);
            saved = results.strategies();
            end = results.complete() ? State.FINISHED : State.STOPPED;
            message = results.complete() ? "Run finished: " + verdictLine(results) : "Run stopped; the partial run is saved";
        } catch (Exception | Error e) {
            LOG.warn("console run failed", e);
            end = state.get() == State.STOPPING ? State.STOPPED : State.FAILED;
            message = end == State.STOPPED ? "Run stopped; the partial run is saved"
                    : "Run failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            saved = readResults(request); // what the runner saved before it stopped
        }
        List<StrategyResult> results = saved;
        State finalState = end;
        String finalMessage = message + " (" + request.bundleDir() + ")";
        ui.execute(() -> {
            d.results().setAll(results);
            d.redraw();
            topology.idle();
            state.set(finalState);
            status.set(finalMessage);
            onEnd.accept(d);
        });
        runner = null;
    }

    private static List<StrategyResult> readResults(RunRequest request) {
        try {
            RunBundle b = RunBundle.open(request.bundleDir());
            return b.hasResults() ? b.readResults().strategies() : List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static String verdictLine(RunResults results) {
        long violated = results.strategies().stream().filter(s -> !s.allValid() && !s.unsafe()).count();
        long expected = results.strategies().stream().filter(s -> !s.allValid() && s.unsafe()).count();
        return violated == 0 ? "every safe strategy holds" + (expected > 0 ? ", unsafe ones caught" : "")
                : violated + " strategy(ies) violated a check";
    }

    /** Stops the run (UI thread): the load ends, the stack is torn down, the partial bundle is saved. */
    public void stop() {
        Runner r = runner;
        if (r == null || state.get() != State.RUNNING) {
            return;
        }
        state.set(State.STOPPING);
        status.set("Stopping: ending the load, tearing the stack down...");
        faultThread.execute(r::abort);
    }

    /** Closing the console: stops a run and waits, bounded, for its teardown. */
    public void shutdown() {
        Runner r = runner;
        if (r != null) {
            r.abort();
        }
        java.util.concurrent.Future<?> f = running;
        if (f != null) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("the run did not end within 60 s of closing: {}", e.toString());
            }
        }
        refresher.shutdownNow();
        faultThread.shutdownNow();
        runThread.shutdownNow();
    }

    // ---- Runner.Watcher (the run's thread) ------------------------------------------------------------

    @Override
    public void strategyStarting(String s, History history) {
        RunDisplay d = live;
        history.addListener(d.timeline(s));
        strategy = s;
        ui.execute(() -> d.addStrategy(s));
    }

    @Override
    public void stackUp(String s, Stack booted, Faults f) {
        stack = booted;
        faults = f;
    }

    @Override
    public void strategyEnded(String s, StrategyResult result) {
        stack = null;
        faults = null;
        RunDisplay d = live;
        ui.execute(() -> {
            if (result != null) {
                d.results().add(result);
            }
            topology.idle();
        });
    }

    // ---- faults by hand (UI thread in, fault thread out) ----------------------------------------------

    /** The stack's instances of a component now ({@code proxy} has {@code proxy-1}, {@code proxy-2}); empty when none runs. */
    public List<String> partsOf(String component) {
        Stack s = stack;
        if (s == null) {
            return List.of();
        }
        return s.instances(component).stream().map(Stack.Part::name).toList();
    }

    /** Whether faults can act now: a stack is up. */
    public boolean canInjectFaults() {
        return faults != null;
    }

    /** Kills an instance, a component (all its instances) or a whole data center. */
    public void kill(String part) {
        fault("kill " + part, f -> f.kill(part));
    }

    /** Cuts every connection between two data centers. */
    public void partition(String dcA, String dcB) {
        fault("partition " + dcA + "/" + dcB, f -> f.partition(dcA + "/" + dcB));
    }

    public void healPartition(String dcA, String dcB) {
        fault("heal " + dcA + "/" + dcB, f -> f.heal(dcA + "/" + dcB));
    }

    /** Cuts a data center from every other site and the traffic manager, its parts alive ({@code heal} ends it). */
    public void isolate(String dc) {
        fault("isolate " + dc, f -> f.isolate(dc));
    }

    /** Ends a data center's isolation. */
    public void healDataCenter(String dc) {
        fault("heal " + dc, f -> f.heal(dc));
    }

    /** Moves the users to a data center by hand (the traffic manager's switch: fence, promote, move). */
    public void switchTo(String dc) {
        fault("switch to " + dc, f -> f.switchTo(dc));
    }

    /** Brings a data center a switch left behind back as a replica of the promoted one (refused, and why, when it diverged). */
    public void rejoin(String dc) {
        fault("rejoin " + dc, f -> f.rejoin(dc));
    }

    public void restart(String part) {
        fault("restart " + part, f -> f.restart(part));
    }

    /** Slows every stack link of a declared connection ({@code from->to}) by {@code extraMs} one way. */
    public void slow(Wiring.Connection link, double extraMs) {
        fault("slow " + link.name(), f -> {
            for (String l : stackLinks(link)) {
                f.slow(l, extraMs);
            }
        });
    }

    public void cut(Wiring.Connection link) {
        fault("cut " + link.name(), f -> {
            for (String l : stackLinks(link)) {
                f.cut(l);
            }
        });
    }

    public void heal(Wiring.Connection link) {
        fault("heal " + link.name(), f -> {
            for (String l : stackLinks(link)) {
                f.heal(l);
            }
        });
    }

    private List<String> stackLinks(Wiring.Connection link) {
        Stack s = stack;
        if (s == null) {
            return List.of();
        }
        return s.links().keySet().stream().filter(n -> HealthSnapshot.onLink(n, link)).sorted().toList();
    }

    private interface FaultAction {
        void apply(Faults f) throws Exception;
    }

    private void fault(String what, FaultAction action) {
        faultThread.execute(() -> {
            Faults f = faults;
            if (f == null) {
                ui.execute(() -> status.set("No stack is up: " + what + " not done"));
                return;
            }
            try {
                action.apply(f);
                ui.execute(() -> status.set("Fault: " + what));
            } catch (Exception e) {
                ui.execute(() -> status.set("Fault " + what + " failed: " + e.getMessage()));
            }
            refresh();
        });
    }

    // ---- refresh (the refresher's thread) -------------------------------------------------------------

    private void refresh() {
        try {
            RunDisplay d = live;
            if (d == null || !state.get().active()) {
                return;
            }
            Stack s = stack;
            String strat = strategy;
            HealthSnapshot snapshot = null;
            if (s != null && strat != null) {
                Map<String, Boolean> up = new LinkedHashMap<>();
                for (Stack.Part p : s.placedParts()) {
                    if (p.tier() != Stack.Tier.LINK || p.lifecycle() instanceof LatencyProxy) {
                        up.put(p.name(), p.lifecycle().isUp()); // a balancer is no instance of its component
                    }
                }
                snapshot = HealthSnapshot.of(runTopology, up, d.timeline(strat), s.activeDataCenter().name());
            }
            HealthSnapshot shown = snapshot;
            ui.execute(() -> {
                if (shown != null) {
                    topology.apply(shown);
                }
                d.redraw();
            });
        } catch (RuntimeException e) {
            LOG.debug("refresh failed", e); // the stack changed under us (a strategy ended): next tick
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The live run's display, or null before the first run. */
    public ObjectProperty<RunDisplay> displayProperty() {
        return display;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
