package shoplab.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.checks.FinalState;
import shoplab.history.History;
import shoplab.history.HistoryReceiver;
import shoplab.history.HistoryStream;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.report.HistoryWriter;
import shoplab.report.HtmlReport;
import shoplab.report.Fmt;
import shoplab.report.Presentation;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.stack.Folders;
import shoplab.stack.Stack;
import shoplab.stack.StackOptions;
import shoplab.topology.Topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a scenario: for each strategy a fresh stack, the same seeded load in a forked Gatling, the stack
 * sampled each second, then quiesced and judged. Results and the report are rewritten after every
 * strategy, so a run that is stopped half way still leaves a bundle (marked incomplete).
 */
public final class Runner {

    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

    /** Sampling period: fine enough to time the worker's batch window, cheap enough not to load the stack. */
    private static final long SAMPLE_EVERY_MS = 250;


    /**
     * Follows a run from another component (the console): each strategy's history from its first entry,
     * its stack while it is up (to draw its health and break it by hand), and its end. Called on the
     * run's thread; implementations hand off to their own.
     */
    public interface Watcher {
        /** A strategy starts; its history is still empty, so a listener added here misses nothing. */
        default void strategyStarting(String strategy, History history) {
        }

        /** The stack is up and the load about to start; {@code faults} act on it and record in the history. */
        default void stackUp(String strategy, Stack stack, Faults faults) {
        }

        /** The strategy is over and its stack down: judged ({@code result}) or not (null: stopped, failed). */
        default void strategyEnded(String strategy, StrategyResult result) {
        }
    }

    private final Consumer<String> progress;
    private final Watcher watcher;
    private volatile boolean aborted;
    private volatile Stack stack;
    private volatile GatlingFork fork;
    private volatile HistoryReceiver receiver;

    public Runner(Consumer<String> progress) {
        this(progress, new Watcher() { });
    }

    public Runner(Consumer<String> progress, Watcher watcher) {
        this.progress = progress;
        this.watcher = watcher;
    }

    /** Stops the run in progress from another thread (Ctrl-C, the console's Stop): load, stack, all. */
    public void abort() {
        aborted = true;
        GatlingFork f = fork;
        if (f != null) {
            f.close();
        }
        HistoryReceiver r = receiver;
        if (r != null) {
            try {
                r.close(); // a generator stopped before it connected would otherwise be awaited in vain
            } catch (java.io.IOException e) {
                LOG.debug("closing the history receiver", e);
            }
        }
        Stack s = stack;
        if (s != null) {
            s.close();
        }
    }

    public RunResults run(RunRequest req) throws Exception {
        RunBundle bundle = RunBundle.create(req.bundleDir());
        String startedAt = Instant.now().toString();
        // Per step of the fault plan, what became of it in each strategy's run so far; run.json keeps it.
        List<List<FaultOutcome>> faultOutcomes = new ArrayList<>();
        req.faults().forEach(f -> faultOutcomes.add(new ArrayList<>()));
        bundle.writeSpec(spec(req, startedAt, faultOutcomes));
        List<StrategyResult> results = new ArrayList<>();
        boolean complete = false;
        try {
            for (String strategy : req.strategies()) {
                if (aborted) {
                    break;
                }
                StrategyResult result = null;
                String tag = "[" + req.scenario().name() + " " + strategy + "] ";
                ScriptedFaults scripted = new ScriptedFaults(strategy, req.faults(), line -> progress.accept(tag + line));
                String ended = "the strategy's run failed before its time";
                try {
                    result = runStrategy(req, bundle, strategy, scripted);
                } catch (Exception | Error e) {
                    ended = "the strategy's run failed before its time: " + e.getMessage();
                    throw e;
                } finally {
                    List<FaultOutcome> outcomes = scripted.end(aborted ? "the run was stopped first" : ended);
                    for (int i = 0; i < outcomes.size(); i++) {
                        faultOutcomes.get(i).add(outcomes.get(i));
                    }
                    bundle.writeSpec(spec(req, startedAt, faultOutcomes));
                    watcher.strategyEnded(strategy, result);
                }
                results.add(result);
                write(bundle, req, startedAt, results, false);
            }
            complete = !aborted && results.size() == req.strategies().size();
        } finally {
            write(bundle, req, startedAt, results, complete);
        }
        return bundle.readResults();
    }

    /** run.json: what runs, and the fault plan with what became of each step so far. */
    private static RunSpec spec(RunRequest req, String startedAt, List<List<FaultOutcome>> faultOutcomes) {
        Scenario scenario = req.scenario();
        List<PlannedFault> faults = new ArrayList<>();
        for (int i = 0; i < req.faults().size(); i++) {
            FaultStep step = req.faults().get(i);
            faults.add(new PlannedFault(step.toString(), step.atMs(), faultOutcomes.get(i)));
        }
        return new RunSpec(scenario.name(), startedAt, req.topology().name(), req.topologyFile().toString(),
                req.topologyYaml(), scenario.mechanism(), req.strategies(), req.params().asMap(), req.seed(),
                req.topology().links(), Versions.all(), scenario.measuredOperation(), scenario.presentation(), faults);
    }

    private void write(RunBundle bundle, RunRequest req, String startedAt, List<StrategyResult> results, boolean complete) {
        bundle.writeResults(new RunResults(req.scenario().name(), startedAt, req.seed(), req.params().asMap(),
                complete, results));
        HtmlReport.write(bundle);
    }

    private StrategyResult runStrategy(RunRequest req, RunBundle bundle, String strategy, ScriptedFaults scripted)
            throws Exception {
        Scenario scenario = req.scenario();
        String tag = "[" + scenario.name() + " " + strategy + "] ";
        Topology topology = scenario.configure(req.topology(), strategy);
        Path work = Files.createTempDirectory("shoplab-");
        StackOptions options = scenario.stackOptions(req.params(), req.seed(), work);
        History history = new History();
        long bootStart = System.nanoTime();
        progress.accept(tag + "booting the stack");
        try (HistoryWriter writer = bundle.historyWriter(strategy)) {
            history.addListener(writer);
            watcher.strategyStarting(strategy, history);
            stack = Stack.boot(topology, options, s -> LOG.debug(s));
            try (Stack booted = stack; HistoryReceiver historyIn = new HistoryReceiver(history)) {
                receiver = historyIn;
                if (aborted) {
                    throw new InterruptedException("run stopped while the stack booted");
                }
                progress.accept(tag + "stack up in " + (System.nanoTime() - bootStart) / 1_000_000 + " ms");
                progress.accept(tag + "load starting at " + booted.entryUrl());
                long epoch = System.currentTimeMillis();
                Probe probe = scenario.probe(booted, req.params(), epoch);
                LiveChecks live = new LiveChecks(scenario.checkers(), history);
                StackSampler samples = new StackSampler(booted, probe, live);
                ScheduledExecutorService sampler = daemonScheduler("stack-sampler");
                sampler.scheduleAtFixedRate(() -> history.append(samples.sample(System.currentTimeMillis() - epoch)),
                        0, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
                ScheduledExecutorService ticker = progressTicker(tag, history, epoch, scenario.measuredOperation());
                java.util.function.LongSupplier clock = () -> System.currentTimeMillis() - epoch;
                Faults faults = new Faults(booted, history, clock);
                watcher.stackUp(strategy, booted, faults);
                scripted.start(step -> step.apply(faults), clock);
                try {
                    scenario.beforeLoad(booted, req.params(), epoch);
                    runLoad(req, bundle, strategy, booted, historyIn.port(), epoch);
                    scripted.end(aborted ? "the run was stopped first"
                            : "the load ended first, at " + LoadEnd.seconds(clock.getAsLong()));
                    if (!historyIn.awaitEnd(30, TimeUnit.SECONDS) && !aborted) {
                        LOG.warn("the load generator's history stream did not close");
                    }
                    ticker.shutdownNow();
                    if (aborted) {
                        throw new InterruptedException("run stopped");
                    }
                    progress.accept(tag + "load done; quiescing (holds expire, queue drains)");
                    FinalState state = new Quiescence(probe, () -> aborted, () -> booted.placedParts().stream()
                            .filter(p -> p.tier() != Stack.Tier.LINK && !p.lifecycle().isUp()).map(Stack.Part::name).toList())
                            .await();
                    // The timeline ends on the quiesced stack, so convergence is judged on it too, and the
                    // live counts end on the final ones.
                    sampler.shutdownNow();
                    sampler.awaitTermination(5, TimeUnit.SECONDS);
                    live.forceNext();
                    history.append(samples.sample(System.currentTimeMillis() - epoch));
                    bundle.writeFinalState(strategy, state);
                    StrategyResult result = StrategyJudge.judge(strategy, scenario, history, state);
                    progress.accept(tag + summary(result, scenario.presentation()));
                    return result;
                } finally {
                    ticker.shutdownNow();
                    sampler.shutdownNow();
                    sampler.awaitTermination(5, TimeUnit.SECONDS);
                }
            } finally {
                stack = null;
                receiver = null;
            }
        } finally {
            Folders.deleteTree(work);
        }
    }

    private void runLoad(RunRequest req, RunBundle bundle, String strategy, Stack booted, int historyPort, long epoch)
            throws Exception {
        Map<String, String> props = new HashMap<>(req.scenario().loadProperties(req.params(), req.seed(), booted));
        props.put("shoplab.baseUrl", req.scenario().target(booted).toString());
        props.put(HistoryStream.PORT_PROPERTY, String.valueOf(historyPort));
        props.put(HistoryStream.EPOCH_PROPERTY, String.valueOf(epoch));
        Path gatlingOut = bundle.dir().resolve("gatling-tmp-" + strategy);
        GatlingFork f = new GatlingFork(req.scenario().simulationClass(), props, gatlingOut,
                bundle.strategyDir(strategy).resolve("gatling.log"));
        fork = f;
        try {
            int code = f.run(req.scenario().loadTimeoutSeconds(req.params()));
            if (code != 0 && code != 2 && !aborted) {
                Path log = bundle.strategyDir(strategy).resolve("gatling.log");
                throw new IllegalStateException("the load generator failed (exit " + code + "); see " + log
                        + "; it ended with:\n" + tail(log, 20));
            }
            Path report = f.reportDir();
            if (report != null) {
                Path target = bundle.gatlingDir(strategy);
                Folders.deleteTree(target);
                Files.createDirectories(target.getParent());
                Files.move(report, target);
            }
        } finally {
            fork = null;
            f.close();
            Folders.deleteTree(gatlingOut);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A single named daemon thread for a run's periodic or timed work; never keeps the JVM alive. */
    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private ScheduledExecutorService progressTicker(String tag, History history, long epoch, String measured) {
        ScheduledExecutorService t = daemonScheduler("run-progress");
        t.scheduleAtFixedRate(() -> {
            List<Op> ops = history.ops();
            long attempts = ops.stream().filter(o -> o.f().equals(measured)).count();
            long ok = ops.stream().filter(o -> o.is(measured, Outcome.OK)).count();
            progress.accept(String.format("%sload %.0f s: %d %s attempts, %d acknowledged", tag,
                    (System.currentTimeMillis() - epoch) / 1000.0, attempts, measured, ok));
        }, 2, 2, TimeUnit.SECONDS);
        return t;
    }

    /** One line per strategy: the load, the scenario's figures as its columns write them, the verdicts. */
    private static String summary(StrategyResult r, Presentation presentation) {
        long violated = r.checks().stream().filter(v -> !v.valid()).count();
        StringBuilder figures = new StringBuilder();
        presentation.columns().stream().filter(c -> r.figures().containsKey(c.figure())) // as the table: what was measured
                .forEach(c -> figures.append(c.brief()).append(' ').append(c.cell(r)).append(", "));
        return String.format("%d attempts (%.0f/s), %d ok, p99 %.0f ms, %s%s", r.attempts(),
                r.attemptsPerSecond(), r.successfulOrders(), r.p99Ms(), figures,
                violated == 0 ? "all checks hold" : violated + " check(s) violated" + (r.unsafe() ? " (expected: unsafe)" : ""))
                + (r.undrained() ? Fmt.NOT_DRAINED : "");
    }
}
