package shoplab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.history.Op;
import shoplab.report.RunBundle;
import shoplab.run.CheckerBenchmark;
import shoplab.run.CpuByPart;
import shoplab.run.Params;
import shoplab.run.Scenarios;
import shoplab.run.RedisScriptBenchmark;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.run.Scenario;

import shoplab.topology.TopologyFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code shoplab bench}: the figures that explain a flash-sale comparison, measured side by side in one
 * run (the machine is noisy, so only ratios within a run mean anything): the stock script alone in
 * Redis, a no-op endpoint through the whole edge, and the purchase rate of every strategy.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the stock script, a no-op through the edge and every strategy (at the service and end to end), with ratios.",
                "All in one run (the machine is noisy, only ratios within a run mean anything); about eight minutes.",
                "Ends with the cores each part of the stack used while each load ran: which hop costs what.",
                "With --checkers: how long each scenario's checkers take on a generated history of --ops operations."})
final class BenchCommand implements Callable<Integer> {

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a flash-sale parameter (repeatable; the bench's sale: users=8000, rampMs=2000, refreshes=0)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seconds", defaultValue = "5", description = "length of the Redis and edge measurements (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "20",
            description = "unrecorded load before each measurement, while the JIT compiles the path (default: ${DEFAULT-VALUE};"
                    + " the edge needs about 30 s to reach its steady rate)")
    int warmUp;

    /**
     * The sale the bench drives unless --set says otherwise: more buyers than any strategy serves in the time
     * (a spike the fastest one keeps up with measures the arrivals, not the strategy), each going straight from
     * the page to the buy (no refreshes: the purchase path is what is measured against the edge no-op).
     */
    static final List<String> SALE_DEFAULTS = List.of("users=8000", "rampMs=2000", "refreshes=0");

    @Option(names = "--out", paramLabel = "DIR", description = "where the run bundles go (default: reports/bench/TIMESTAMP)")
    Path out;

    @Option(names = "--checkers", description = "instead: time every scenario's checkers on a generated history (no stack)")
    boolean checkers;

    @Option(names = "--ops", defaultValue = "1000000", description = "with --checkers: operations in each history (default: ${DEFAULT-VALUE})")
    int ops;

    @Override
    public Integer call() throws Exception {
        if (checkers) {
            return checkers();
        }
        TopologyFile t = topologyOption.load();
        // Every parameter checked before minutes of measuring, not when its step comes
        List<String> sale = new ArrayList<>(SALE_DEFAULTS);
        sale.add("warmUpSeconds=" + warmUp);
        sale.addAll(sets); // the user's last
        Params saleParams = Inputs.params(Inputs.scenario("flash-sale"), sale);
        Inputs.params(Inputs.scenario("edge-hello"), List.of("seconds=" + seconds, "warmUpSeconds=" + warmUp));
        Path dir = Inputs.outputFolder(out != null ? "--out" : "bench folder", Inputs.bundleDir(out, "bench"));
        Runner runner = new Runner(line -> System.err.println(line));
        Thread hook = new Thread(runner::abort, "shoplab-bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return measure(t, saleParams, dir, runner);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }

    /** The checker benchmark: each scenario's checkers over a generated correct history; exit 3 if one cries wolf. */
    private int checkers() {
        if (ops < 1 || ops > 20_000_000) {
            throw new ShopLabCli.UsageError("--ops must be 1 to 20000000, was " + ops);
        }
        List<CheckerBenchmark.ScenarioTimings> all = CheckerBenchmark.run(Scenarios.all(), ops, 1, System.err::println);
        System.out.printf("%-20s %-28s %12s %10s  %s%n", "scenario", "checker", "operations", "ms", "verdict");
        boolean falseAlarm = false;
        for (CheckerBenchmark.ScenarioTimings s : all) {
            for (CheckerBenchmark.Timing c : s.checkers()) {
                System.out.printf(java.util.Locale.ROOT, "%-20s %-28s %12d %10.0f  %s%n", s.scenario(), c.checker(), c.operations(),
                        c.millis(), c.held() ? "holds" : "VIOLATED (a false alarm): " + c.firstExample());
                falseAlarm |= !c.held();
            }
            System.out.printf(java.util.Locale.ROOT, "%-20s %-28s %12d %10.0f  (generating the history: %.0f ms)%n",
                    s.scenario(), "all checkers", s.operations(), s.checkMillis(), s.generateMillis());
        }
        return falseAlarm ? ExitCodes.VIOLATION : ExitCodes.OK;
    }

    private int measure(TopologyFile t, Params saleParams, Path dir, Runner runner) throws Exception {
        System.err.println("bench: 1/4 the stock script alone (EVALSHA, 16 threads, " + seconds + " s)");
        double redis = RedisScriptBenchmark.run(16, Duration.ofSeconds(seconds));

        System.err.println("bench: 2/4 a no-op endpoint through the edge, and straight at the service (" + seconds + " s each)");
        RunResults helloRun = steady(runner, t, "edge-hello", dir);
        RunResults directHelloRun = steady(runner, t, "direct-hello", dir);
        double edge = helloRun.strategies().get(0).attemptsPerSecond();
        double directHello = directHelloRun.strategies().get(0).attemptsPerSecond();

        System.err.println("bench: 3/4 sold-out deductions straight at the inventory service, every strategy (" + seconds + " s each)");
        RunResults directRun = steady(runner, t, "stock-direct", dir);

        System.err.println("bench: 4/4 the flash sale through the whole stack, every strategy");
        Scenario sale = Inputs.scenario("flash-sale");
        RunResults saleRun = runner.run(new RunRequest(sale, t.file(), t.yaml(), t.topology(), sale.strategies(),
                saleParams, 1, dir.resolve("flash-sale")));

        Map<String, Double> rates = new LinkedHashMap<>();
        saleRun.strategies().forEach(r -> rates.put(r.name(), r.attemptsPerSecond()));
        Map<String, Double> service = new LinkedHashMap<>();
        directRun.strategies().forEach(r -> service.put(r.name(), r.attemptsPerSecond()));
        System.out.printf("%-52s %12s%n", "measurement", "per second");
        System.out.printf("%-52s %12.0f%n", "redis EVALSHA of the stock script", redis);
        System.out.printf("%-52s %12.0f%n", "no-op endpoint straight at the order service", directHello);
        System.out.printf("%-52s %12.0f%n", "no-op endpoint through the edge", edge);
        service.forEach((name, rate) -> System.out.printf("%-52s %12.0f%n", "sold-out deductions at the service, " + name, rate));
        rates.forEach((name, rate) -> System.out.printf("%-52s %12.0f%n", "purchase attempts end to end, " + name, rate));
        System.out.println();
        System.out.println("ratios:");
        ratio("redis-lua / db-pessimistic at the service", service.get("redis-lua"), service.get("db-pessimistic"));
        rates.forEach((name, rate) -> {
            if (!name.equals("db-pessimistic")) {
                ratio(name + " / db-pessimistic end to end", rate, rates.get("db-pessimistic"));
            }
        });
        rates.forEach((name, rate) -> ratio(name + " purchases / edge no-op", rate, edge));
        ratio("edge no-op / direct hello", edge, directHello);
        ratio("edge no-op / redis EVALSHA", edge, redis);
        System.out.println();
        Map<String, Map<String, Double>> cpu = new LinkedHashMap<>();
        cpu.put("edge no-op", cpuDuringLoad(dir.resolve("edge-hello"), helloRun));
        cpu.put("direct hello", cpuDuringLoad(dir.resolve("direct-hello"), directHelloRun));
        for (StrategyResult r : saleRun.strategies()) {
            cpu.put(r.name(), CpuByPart.duringLoad(RunBundle.open(dir.resolve("flash-sale")).readHistory(r.name()), Op.BUY));
        }
        printCpu(cpu);
        System.out.println(dir);
        return ExitCodes.OK;
    }

    /** A steady benchmark scenario (every strategy it has) for --seconds, in its own bundle under {@code dir}. */
    private RunResults steady(Runner runner, TopologyFile t, String name, Path dir) throws Exception {
        Scenario s = Inputs.scenario(name);
        return runner.run(new RunRequest(s, t.file(), t.yaml(), t.topology(), s.strategies(),
                Params.resolve(s.parameters(), Map.of("seconds", String.valueOf(seconds), "warmUpSeconds", String.valueOf(warmUp))),
                1, dir.resolve(name)));
    }

    private static Map<String, Double> cpuDuringLoad(Path bundle, RunResults run) {
        StrategyResult r = run.strategies().get(0);
        Scenario s = Inputs.scenario(run.scenario());
        return CpuByPart.duringLoad(RunBundle.open(bundle).readHistory(r.name()), s.measuredOperation());
    }

    /** Which part used how many of the machine's cores while each load ran: where the time goes, hop by hop. */
    private static void printCpu(Map<String, Map<String, Double>> runs) {
        System.out.println("cores used during the load, by part (" + Runtime.getRuntime().availableProcessors() + " on this machine):");
        StringBuilder head = new StringBuilder(String.format("  %-18s", "part"));
        runs.keySet().forEach(run -> head.append(String.format(" %14s", run.length() > 14 ? run.substring(0, 14) : run)));
        System.out.println(head);
        for (String part : CpuByPart.PARTS) {
            if (runs.values().stream().allMatch(m -> m.getOrDefault(part, 0.0) < 0.005)) {
                continue; // a part no run used
            }
            StringBuilder row = new StringBuilder(String.format("  %-18s", part));
            runs.values().forEach(m -> row.append(String.format(java.util.Locale.ROOT, " %14.2f", m.getOrDefault(part, 0.0))));
            System.out.println(row);
        }
        StringBuilder total = new StringBuilder(String.format("  %-18s", "total"));
        runs.values().forEach(m -> total.append(String.format(java.util.Locale.ROOT, " %14.2f",
                m.values().stream().mapToDouble(Double::doubleValue).sum())));
        System.out.println(total);
    }

    private static void ratio(String name, Double a, Double b) {
        if (a != null && b != null && b > 0) {
            System.out.printf("  %-50s %8.2f%n", name, a / b);
        }
    }
}
