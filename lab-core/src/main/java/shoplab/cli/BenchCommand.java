package shoplab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.run.CheckerBenchmark;
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
                "All in one run (the machine is noisy, only ratios within a run mean anything); about two minutes.",
                "With --checkers: how long each scenario's checkers take on a generated history of --ops operations."})
final class BenchCommand implements Callable<Integer> {

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a flash-sale parameter (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seconds", defaultValue = "5", description = "length of the Redis and edge measurements (default: ${DEFAULT-VALUE})")
    int seconds;

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
        Params saleParams = Inputs.params(Inputs.scenario("flash-sale"), sets);
        Inputs.params(Inputs.scenario("edge-hello"), List.of("seconds=" + seconds));
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

        System.err.println("bench: 2/4 a no-op endpoint through the edge (" + seconds + " s)");
        Scenario hello = Inputs.scenario("edge-hello");
        RunResults helloRun = runner.run(new RunRequest(hello, t.file(), t.yaml(), t.topology(), hello.strategies(),
                Params.resolve(hello.parameters(), Map.of("seconds", String.valueOf(seconds))), 1, dir.resolve("edge-hello")));
        double edge = helloRun.strategies().get(0).attemptsPerSecond();

        System.err.println("bench: 3/4 sold-out deductions straight at the inventory service, every strategy (" + seconds + " s each)");
        Scenario direct = Inputs.scenario("stock-direct");
        RunResults directRun = runner.run(new RunRequest(direct, t.file(), t.yaml(), t.topology(), direct.strategies(),
                Params.resolve(direct.parameters(), Map.of("seconds", String.valueOf(seconds))), 1, dir.resolve("stock-direct")));

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
        System.out.printf("%-52s %12.0f%n", "no-op endpoint through the edge", edge);
        service.forEach((name, rate) -> System.out.printf("%-52s %12.0f%n", "sold-out deductions at the service, " + name, rate));
        for (StrategyResult r : saleRun.strategies()) {
            System.out.printf("%-52s %12.0f%n", "purchase attempts end to end, " + r.name(), r.attemptsPerSecond());
        }
        System.out.println();
        System.out.println("ratios:");
        ratio("redis-lua / db-pessimistic at the service", service.get("redis-lua"), service.get("db-pessimistic"));
        ratio("redis-lua / db-pessimistic end to end", rates.get("redis-lua"), rates.get("db-pessimistic"));
        ratio("redis-lua / db-optimistic end to end", rates.get("redis-lua"), rates.get("db-optimistic"));
        ratio("redis-lua purchases / edge no-op", rates.get("redis-lua"), edge);
        ratio("edge no-op / redis EVALSHA", edge, redis);
        System.out.println(dir);
        return ExitCodes.OK;
    }

    private static void ratio(String name, Double a, Double b) {
        if (a != null && b != null && b > 0) {
            System.out.printf("  %-50s %8.2f%n", name, a / b);
        }
    }
}
