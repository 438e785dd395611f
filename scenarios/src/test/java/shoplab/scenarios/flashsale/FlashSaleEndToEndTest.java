package shoplab.scenarios.flashsale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.report.HtmlReport;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.scenarios.flashsale.checks.StockFigures;
import shoplab.run.Params;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.topology.TopologyLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real thing, small: real Redis, Kafka, H2, Spring Boot services, edge, and Gatling in a forked JVM,
 * for two safe strategies. Every check must hold, the bundle must be complete and rebuildable, and
 * nothing may be left running.
 */
class FlashSaleEndToEndTest {

    static final Path TOPOLOGY = Path.of("../topologies/single-dc.yaml");

    @Test
    void safeStrategiesSellTheStockWithoutViolationAndLeaveNothingBehind(@TempDir Path out) throws Exception {
        FlashSale scenario = new FlashSale();
        Params params = Params.resolve(scenario.parameters(), Map.of(
                FlashSale.USERS, "300", FlashSale.STOCK, "20", FlashSale.RAMP_MS, "1000",
                FlashSale.HOLD_MINUTES, "5", FlashSale.TIME_FACTOR, "300"));
        Leftovers before = Leftovers.now();
        List<String> progress = new ArrayList<>();
        Path bundleDir = out.resolve("bundle");
        RunResults results = new Runner(progress::add).run(new RunRequest(scenario, TOPOLOGY, Files.readString(TOPOLOGY),
                TopologyLoader.load(TOPOLOGY), List.of("db-optimistic", "redis-lua", "redis-mq"), params, 7, bundleDir));

        assertThat(results.complete()).isTrue();
        assertThat(results.strategies()).extracting(StrategyResult::name).containsExactly("db-optimistic", "redis-lua", "redis-mq");
        for (StrategyResult r : results.strategies()) {
            assertThat(r.checks()).as(r.name() + " verdicts").allSatisfy(v -> assertThat(v.valid()).as(v.name() + " " + v.examples()).isTrue());
            assertThat(r.attempts()).as("300 buyers, a tenth of them pressing buy twice").isBetween(300L, 360L);
            assertThat(r.figures().get(StockFigures.OVERSOLD)).isEqualTo(0L);
            assertThat(r.successfulOrders()).isGreaterThanOrEqualTo(20);
        }
        StrategyResult lua = results.strategies().get(1);
        assertThat(lua.figures().get(StockFigures.DB_STOCK_WRITES_PER_UNIT).doubleValue())
                .as("the worker batches stock-row writes").isLessThan(1.0);
        StrategyResult queued = results.strategies().get(2);
        assertThat(queued.figures().get(StockFigures.ACK_TO_DB_P99_MS).doubleValue()).as("the queue takes its time").isPositive();
        assertThat(lua.figures().get(StockFigures.ACK_TO_DB_P99_MS).doubleValue()).as("written before the answer").isZero();
        assertThat(queued.checks()).filteredOn(v -> v.name().equals(shoplab.scenarios.flashsale.checks.BufferAgreesChecker.NAME))
                .singleElement().satisfies(v -> assertThat(v.figures().get(StockFigures.BUFFERED_ORDERS)).isGreaterThanOrEqualTo(20.0));
        assertThat(queued.figures().get(StockFigures.ORDER_SHARDS).intValue()).isEqualTo(4);

        RunBundle bundle = RunBundle.open(bundleDir);
        assertThat(bundle.readHistory("redis-lua").ops()).hasSizeGreaterThanOrEqualTo(600);
        // Every acknowledged purchase says where it was served: the order service of the one data center.
        assertThat(bundle.readHistory("redis-lua").ops()).filteredOn(o -> o.is(shoplab.history.Op.BUY, shoplab.history.Outcome.OK))
                .isNotEmpty().allMatch(o -> "order".equals(o.servedBy()) && "dc1".equals(o.dc()), "served by order in dc1");
        assertThat(bundle.readHistory("redis-lua").samples()).isNotEmpty();
        assertThat(bundle.hasGatlingReport("redis-lua")).isTrue();
        String html = Files.readString(bundleDir.resolve(RunBundle.INDEX_HTML));
        assertThat(html).contains("redis-lua", "db-optimistic", "<svg", ">oversold</th>", "Stock over time");
        assertThat(Files.readString(HtmlReport.write(bundle))).isEqualTo(html);
        assertThat(progress).anyMatch(l -> l.contains("load starting"));

        // Process hygiene: no redis-server, no listening port, no temp folder left by the run.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(before.newIn(Leftovers.now()).isEmpty()).as("left behind: " + before.newIn(Leftovers.now())).isTrue());
    }

    /**
     * Bots (few devices, many accounts, early and fast) take the units of an undefended sale; with every
     * defence on they take far fewer, and no buyer is turned away by mistake.
     */
    @Test
    void botsTakeAnUndefendedSaleAndFarLessOfADefendedOne(@TempDir Path out) throws Exception {
        FlashSale scenario = new FlashSale();
        Params params = Params.resolve(scenario.parameters(), Map.of(
                FlashSale.USERS, "400", FlashSale.STOCK, "20", FlashSale.BOT_SHARE, "0.3", FlashSale.REFRESHES, "1",
                FlashSale.HOLD_MINUTES, "5", FlashSale.TIME_FACTOR, "300"));
        RunResults results = new Runner(l -> { }).run(new RunRequest(scenario, TOPOLOGY, Files.readString(TOPOLOGY),
                TopologyLoader.load(TOPOLOGY), List.of("redis-mq", "redis-mq-with-all"), params, 3, out.resolve("bundle")));
        StrategyResult open = results.strategies().get(0);
        StrategyResult defended = results.strategies().get(1);
        for (StrategyResult r : results.strategies()) {
            assertThat(r.checks()).as(r.name()).allSatisfy(v -> assertThat(v.valid()).as(v.name() + " " + v.examples()).isTrue());
        }
        double undefended = open.figures().get(StockFigures.BOT_UNIT_SHARE).doubleValue();
        assertThat(undefended).as("bots start before the opening and try again and again").isGreaterThan(0.5);
        assertThat(defended.figures().get(StockFigures.BOT_UNIT_SHARE).doubleValue()).isLessThan(undefended / 2);
        assertThat(defended.figures().get(StockFigures.HONEST_REFUSED).intValue()).as("buyers refused by a defence").isZero();
    }

    /**
     * The same sale on three data centers: every data center's stack boots, all traffic enters dc-a, and a
     * fault that kills dc-c whole mid-load (and restarts it) changes nothing of dc-a's verdicts.
     */
    @Test
    void onThreeDataCentersTheSaleRunsInTheProductionOneAndSurvivesAnotherDying(@TempDir Path out) throws Exception {
        Path three = Path.of("../topologies/two-site-three-center.yaml");
        FlashSale scenario = new FlashSale();
        Params params = Params.resolve(scenario.parameters(), Map.of(
                FlashSale.USERS, "200", FlashSale.STOCK, "20", FlashSale.RAMP_MS, "1000",
                FlashSale.HOLD_MINUTES, "5", FlashSale.TIME_FACTOR, "300"));
        Leftovers before = Leftovers.now();
        Path bundleDir = out.resolve("bundle");
        RunResults results = new Runner(l -> { }).run(new RunRequest(scenario, three, Files.readString(three),
                TopologyLoader.load(three), List.of("redis-lua"), params, 3, bundleDir,
                List.of(shoplab.run.FaultStep.parse("6s:kill:dc-c"), shoplab.run.FaultStep.parse("6.5s:restart:dc-c"))));

        StrategyResult r = results.strategies().get(0);
        assertThat(r.checks()).allSatisfy(v -> assertThat(v.valid()).as(v.name() + " " + v.examples()).isTrue());
        assertThat(r.figures().get(StockFigures.OVERSOLD)).isEqualTo(0L);
        RunBundle bundle = RunBundle.open(bundleDir);
        assertThat(bundle.readHistory("redis-lua").faults()).extracting(f -> f.action() + " " + f.target())
                .containsExactly("kill dc-c", "heal dc-c");
        assertThat(bundle.readHistory("redis-lua").ops()).filteredOn(o -> o.is(shoplab.history.Op.BUY, shoplab.history.Outcome.OK))
                .isNotEmpty().allMatch(o -> "dc-a".equals(o.dc()), "served in dc-a");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(before.newIn(Leftovers.now()).isEmpty()).as("left behind: " + before.newIn(Leftovers.now())).isTrue());
    }

    /**
     * dc-a's Redis primary dies mid-sale and the data center stays: the traffic manager (as Redis Sentinel)
     * holds the order services' stock changes, lets the stock queue drain, promotes dc-b's replica, moves every
     * Redis link to it and rebuilds the stock from the orders; buyers are refused at once meanwhile and buy
     * again after it, nothing is oversold or lost (before: an empty restarted Redis sold nothing more).
     */
    @Test
    void whenTheRedisPrimaryAloneDiesAReplicaIsPromotedAndTheStockRebuiltWithoutADataCenterSwitch(@TempDir Path out) throws Exception {
        Path three = Path.of("../topologies/two-site-three-center.yaml");
        FlashSale scenario = new FlashSale();
        Params params = Params.resolve(scenario.parameters(), Map.of(
                FlashSale.USERS, "2000", FlashSale.STOCK, "1500", FlashSale.RAMP_MS, "5000",
                FlashSale.HOLD_MINUTES, "5", FlashSale.TIME_FACTOR, "300"));
        Leftovers before = Leftovers.now();
        Path bundleDir = out.resolve("bundle");
        RunResults results = new Runner(l -> { }).run(new RunRequest(scenario, three, Files.readString(three),
                TopologyLoader.load(three), List.of("redis-lua"), params, 1, bundleDir,
                List.of(shoplab.run.FaultStep.parse("9s:kill:dc-a/redis"))));

        StrategyResult r = results.strategies().get(0);
        assertThat(r.checks()).allSatisfy(v -> assertThat(v.valid()).as(v.name() + " " + v.examples()).isTrue());
        assertThat(r.figures().get(StockFigures.OVERSOLD)).isEqualTo(0L);
        var history = RunBundle.open(bundleDir).readHistory("redis-lua");
        assertThat(history.faults()).extracting(f -> f.action() + " " + f.target())
                .contains("kill dc-a/redis", "promote dc-b/redis", "switched dc-a/redis->dc-b/redis")
                .noneMatch(e -> e.startsWith("switched dc-a->"));
        long switching = history.faults().stream().filter(f -> f.action().equals("switch")).findFirst().orElseThrow().atMs();
        long switched = history.faults().stream().filter(f -> f.action().equals("switched")).findFirst().orElseThrow().atMs();
        // Every buy made while the stock was rebuilt was refused at once (how many came then depends on how long a
        // loaded machine takes over the switch: on CI the ramp sometimes ended first, so their number is not asserted).
        assertThat(history.ops()).filteredOn(o -> o.f().equals(shoplab.history.Op.BUY) && o.startMs() > switching && o.endMs() < switched)
                .as("refused at once while the stock was rebuilt").allMatch(o -> o.status() == 503 && o.served().equals(shoplab.history.Op.SHED));
        assertThat(history.ops()).filteredOn(o -> o.f().equals(shoplab.history.Op.BUY) && o.status() == 503)
                .as("a 503 is a refusal at once").allMatch(o -> o.served().equals(shoplab.history.Op.SHED));
        assertThat(history.ops()).filteredOn(o -> o.is(shoplab.history.Op.BUY, shoplab.history.Outcome.OK) && o.startMs() > switched)
                .as("sold after the failover, in dc-a, from dc-b's Redis").isNotEmpty().allMatch(o -> "dc-a".equals(o.dc()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(before.newIn(Leftovers.now()).isEmpty()).as("left behind: " + before.newIn(Leftovers.now())).isTrue());
    }

    /**
     * Remove the guard and the right verdict fails: naive read-check-write under a spike sells units twice,
     * and the checkers name it. (Not a flaky race: with 600 buyers in one second and 16 DB connections, many
     * deductions overlap their read and write; every run of this lab so far has oversold.)
     */
    @Test
    void theUnsafeStrategyIsCaughtAndReportedAsExpected(@TempDir Path out) throws Exception {
        FlashSale scenario = new FlashSale();
        Params params = Params.resolve(scenario.parameters(), Map.of(FlashSale.USERS, "600", FlashSale.STOCK, "20",
                shoplab.run.Parameter.RACE_WINDOW_MS, "200")); // the race forced: rivals read before either writes
        RunResults results = new Runner(line -> { }).run(new RunRequest(scenario, TOPOLOGY, Files.readString(TOPOLOGY),
                TopologyLoader.load(TOPOLOGY), List.of("naive"), params, 7, out.resolve("bundle")));

        StrategyResult naive = results.strategies().get(0);
        assertThat(naive.unsafe()).isTrue();
        assertThat(naive.checks()).filteredOn(v -> !v.valid()).extracting(v -> v.name())
                .containsAnyOf("no-oversell", "stock-conserved");
        assertThat(naive.checks()).filteredOn(v -> !v.valid()).allSatisfy(v -> assertThat(v.examples()).isNotEmpty());
        assertThat(shoplab.cli.ExitCodes.of(results)).isZero();
    }
}
