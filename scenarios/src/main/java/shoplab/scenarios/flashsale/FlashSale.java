package shoplab.scenarios.flashsale;

import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.history.Sample;
import shoplab.report.ChartSpec;
import shoplab.report.FigureColumn;
import shoplab.report.Presentation;
import shoplab.run.LoadEnd;
import shoplab.run.Parameter;
import shoplab.services.common.RaceWindow;
import shoplab.services.inventory.StockMechanism;
import shoplab.services.order.AntiFraudMechanism;
import shoplab.services.order.OrderApp;
import shoplab.topology.Mechanism;
import shoplab.topology.Mechanisms;
import shoplab.topology.ComponentKind;
import shoplab.run.Probe;
import shoplab.run.ServiceJson;
import shoplab.scenarios.flashsale.checks.FlashSaleCheckers;
import shoplab.scenarios.flashsale.checks.SaleFigures;
import shoplab.scenarios.flashsale.checks.StockFigures;
import shoplab.scenarios.flashsale.checks.StockSnapshot;
import shoplab.stack.Stack;
import shoplab.run.Params;
import shoplab.run.Scenario;
import shoplab.stack.StackOptions;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flash sale: a spike of buyers loads the sale page through the CDN, then each tries to buy one unit
 * of one SKU; some pay, some abandon and their held units are released. Compares stock strategies.
 */
public final class FlashSale implements Scenario {

    public static final String USERS = "users";
    public static final String STOCK = "stock";
    public static final String LIMIT = "limit";
    public static final String RAMP_MS = "rampMs";
    public static final String ABANDON = "abandonShare";
    public static final String REPEAT = "repeatShare";
    public static final String HOLD_MINUTES = "holdMinutes";
    public static final String TIME_FACTOR = "timeFactor";
    public static final String SKU = "sku";
    public static final String ORDER_SHARDS = "orderShards";
    public static final String WARM_UP_SECONDS = "warmUpSeconds";
    public static final String BOT_SHARE = "botShare";
    public static final String REFRESHES = "refreshes";

    @Override
    public String name() {
        return "flash-sale";
    }

    @Override
    public String description() {
        return "A spike of buyers for one SKU: does Redis pre-deduction + a queue beat DB locking, and does any strategy oversell?";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.integer(USERS, 2000, 1, 100_000, "buyers in the spike, one purchase attempt each (repeatShare of them a second); botShare of them bots"),
                Parameter.integer(RAMP_MS, 1000, 1000, 600_000, "milliseconds over which the buyers arrive (Gatling needs >= 1000)"),
                Parameter.integer(STOCK, 100, 0, 1_000_000, "units of the SKU on sale"),
                Parameter.integer(LIMIT, 1, 1, 100, "units one user may buy"),
                Parameter.decimal(ABANDON, 0.2, 0, 1, "share of successful buyers who never pay"),
                Parameter.decimal(REPEAT, 0.1, 0, 1, "share of buyers who press buy again right after their first answer"),
                Parameter.decimal(HOLD_MINUTES, 15, 0, 24 * 60, "lab minutes an unpaid order holds its unit"),
                Parameter.decimal(TIME_FACTOR, 100, 1, 100_000, "lab seconds per real second"),
                Parameter.text(SKU, "sku-1", "the SKU on sale"),
                Parameter.integer(ORDER_SHARDS, 4, 1, 64, "tables the order rows are split over, routed by user"),
                Parameter.decimal(BOT_SHARE, 0, 0, 1, "share of the users that are bots: few devices, many accounts, fast repeated buys from before the sale opens"),
                Parameter.integer(REFRESHES, 2, 0, 50, "times a buyer reloads the page and the stock before buying"),
                Parameter.integer(WARM_UP_SECONDS, FlashSaleSimulation.WARM_UP_SECONDS, 1, 300,
                        "seconds of unrecorded sold-out buys before the spike, while the JIT compiles the path"),
                Parameter.raceWindow());
    }

    @Override
    public String mechanism() {
        return "stock";
    }

    /** {@code <stock strategy>-with-<defence>}: the same sale with an anti-fraud defence on. */
    static final String WITH = "-with-";

    /** A variant's parts: the stock strategy and the defence (the topology's when the name has none). */
    record Variant(String stock, String defence) {
        static Variant of(String name) {
            int at = name.lastIndexOf(WITH);
            return at < 0 ? new Variant(name, null) : new Variant(name.substring(0, at), name.substring(at + WITH.length()));
        }

        boolean known() {
            Mechanism stocks = Mechanisms.get(StockMechanism.NAME);
            return (stocks.strategyNames().contains(stock) || stocks.mutantNames().contains(stock))
                    && (defence == null || Mechanisms.get(AntiFraudMechanism.NAME).strategy(defence).isPresent());
        }
    }

    @Override
    public boolean runs(String strategy) {
        return Variant.of(strategy).known();
    }

    @Override
    public String variantForms() {
        return "<strategy>" + WITH + "<" + String.join("|", Mechanisms.get(AntiFraudMechanism.NAME).strategyNames())
                + "> (the anti-fraud defence)";
    }

    @Override
    public shoplab.topology.Topology configure(shoplab.topology.Topology topology, String strategy) {
        Variant v = Variant.of(strategy);
        shoplab.topology.Topology t = topology.withStrategy(StockMechanism.NAME, v.stock());
        return v.defence() == null ? t : t.withStrategy(AntiFraudMechanism.NAME, v.defence());
    }

    /** The unsafe stock strategies and mutants, with any defence: a defence keeps out bots, not oversells. */
    @Override
    public java.util.Set<String> unsafeStrategies() {
        java.util.Set<String> unsafe = new java.util.LinkedHashSet<>(Mechanisms.get(StockMechanism.NAME).unsafeStrategies());
        for (String base : List.copyOf(unsafe)) {
            Mechanisms.get(AntiFraudMechanism.NAME).strategyNames().forEach(d -> unsafe.add(base + WITH + d));
        }
        return unsafe;
    }

    @Override
    public String simulationClass() {
        return FlashSaleSimulation.class.getName();
    }

    /** Real milliseconds a hold lasts: lab minutes scaled by the time factor (any scenario with these two parameters). */
    public static long holdMillis(Params p) {
        return Math.round(p.getDouble(HOLD_MINUTES) * 60_000 / p.getDouble(TIME_FACTOR));
    }

    /** A SKU with no stock: the simulation's warm-up buys it, which runs every strategy's sold-out path and changes nothing. */
    public static final String WARM_UP_SKU = "warm-up";

    @Override
    public StackOptions stackOptions(Params p, long seed, Path workDir) {
        if (p.get(SKU).equals(WARM_UP_SKU)) {
            throw new IllegalArgumentException(SKU + ": '" + WARM_UP_SKU + "' is reserved for the warm-up");
        }
        return SaleStack.of(workDir, p.get(SKU) + ":" + p.getLong(STOCK) + "," + WARM_UP_SKU + ":0", p.getInt(LIMIT),
                holdMillis(p)).set(ComponentKind.INVENTORY_SERVICE, RaceWindow.PROPERTY, p.getLong(Parameter.RACE_WINDOW_MS))
                .set(ComponentKind.ORDER_SERVICE, OrderApp.SHARDS, p.getInt(ORDER_SHARDS))
                .afterSwitch(SaleStack::rebuildStock).build();
    }

    /**
     * 400 buyers for 150 units, a third pressing buy twice, rivals forced to meet: the stock sells out (the
     * stock checks are needed) after long enough for early buyers' second presses to find stock (the
     * per-user limit is needed).
     */
    @Override
    public Map<String, String> mutationParams() {
        return Map.of(USERS, "400", STOCK, "150", REPEAT, "0.3", Parameter.RACE_WINDOW_MS, "200", HOLD_MINUTES, "5");
    }


    /**
     * The slowest rate buyers are served at in a spike, faults included: the slowest strategy measured here
     * does about 230 attempts a second. It bounds when the load can still be going on.
     */
    static final long SLOWEST_BUYERS_PER_SECOND = 100;

    @Override
    public java.util.Optional<LoadEnd> loadEnd(Params p) {
        return java.util.Optional.of(LoadEnd.ofSpike(p.getLong(WARM_UP_SECONDS) * 1000, OPENING_MARGIN_MS, p.getLong(RAMP_MS),
                p.getLong(USERS), "buyers", SLOWEST_BUYERS_PER_SECOND));
    }

    @Override
    public Map<String, String> loadProperties(Params p, long seed) {
        return FlashSaleSimulation.properties(new FlashSaleSimulation.Sale(p.getInt(USERS), p.getLong(RAMP_MS), p.get(SKU),
                p.getDouble(ABANDON), p.getDouble(REPEAT), p.getDouble(BOT_SHARE), p.getInt(REFRESHES), opensAtMs(p),
                p.getLong(WARM_UP_SECONDS)), seed);
    }

    /** Past the load generator's start and warm-up, so buyers arrive to an open sale and bots a second early. */
    static final long OPENING_MARGIN_MS = 1_000;

    /** When the sale opens, on the run's clock. */
    static long opensAtMs(Params p) {
        return LoadEnd.GENERATOR_START_MS + p.getLong(WARM_UP_SECONDS) * 1000 + OPENING_MARGIN_MS;
    }

    /** Every order service learns when the sale opens (no sale token before; bots come earlier). */
    @Override
    public void beforeLoad(Stack stack, Params p, long epochMs) throws Exception {
        ServiceJson http = new ServiceJson();
        for (String url : stack.instanceUrls(ComponentKind.ORDER_SERVICE)) {
            http.post(url + "/internal/config/sale-opening", shoplab.history.HistoryJson.MAPPER.valueToTree(
                    Map.of("opensAt", epochMs + opensAtMs(p))));
        }
    }

    @Override
    public List<String> tryByHand(java.net.URI entry, Params p) {
        return List.of("curl " + entry + "/sale/" + p.get(SKU) + ".html",
                "curl -X POST -H 'Content-Type: application/json' -d '{\"user\":\"u-1\",\"sku\":\"" + p.get(SKU)
                        + "\"}' " + entry + "/api/orders");
    }

    @Override
    public java.util.Optional<shoplab.checks.CheckInput> syntheticHistory(int operations, long seed) {
        return java.util.Optional.of(SyntheticSale.generate(operations, seed));
    }

    @Override
    public List<Checker> checkers() {
        return FlashSaleCheckers.all();
    }

    @Override
    public Probe probe(Stack stack, Params p, long epochMs) {
        return new StockProbe(stack, new ServiceJson(), p.getInt(LIMIT), holdMillis(p), epochMs);
    }

    @Override
    public Map<String, Number> figures(List<Verdict> verdicts, FinalState state) {
        Map<String, Number> f = new LinkedHashMap<>();
        putIfMeasured(f, StockFigures.OVERSOLD, Verdict.figure(verdicts, StockFigures.OVERSOLD));
        StockSnapshot stock = state.snapshot(StockSnapshot.class);
        long units = stock.unitsOrdered();
        f.put(StockFigures.DB_STOCK_WRITES_PER_UNIT, units == 0 ? 0 : (double) stock.dbStockWrites() / units);
        putIfMeasured(f, StockFigures.CONVERGENCE_MS, Verdict.figure(verdicts, StockFigures.CONVERGENCE_MS));
        for (String ack : List.of(StockFigures.ACK_TO_DB_P50_MS, StockFigures.ACK_TO_DB_P99_MS, StockFigures.ACK_TO_DB_MAX_MS)) {
            putIfMeasured(f, ack, Verdict.figure(verdicts, ack));
        }
        if (stock.orders() != null && !stock.orders().rowsPerShard().isEmpty()) {
            List<Long> rows = stock.orders().rowsPerShard();
            double mean = rows.stream().mapToLong(Long::longValue).average().orElse(0);
            f.put(StockFigures.ORDER_SHARDS, rows.size());
            f.put(StockFigures.SHARD_SKEW, mean == 0 ? 1 : rows.stream().mapToLong(Long::longValue).max().orElse(0) / mean);
        }
        return f;
    }

    /** The figures above, and those of the history: bots' share, buyers refused, reads per write, DB queries per buy. */
    @Override
    public Map<String, Number> figures(List<Verdict> verdicts, shoplab.checks.CheckInput run) {
        Map<String, Number> f = figures(verdicts, run.finalState());
        f.putAll(SaleFigures.of(run, FlashSaleSimulation.BOT_PREFIX,
                java.util.Set.of(shoplab.history.Op.PAGE, FlashSaleSimulation.STOCK, FlashSaleSimulation.TOKEN)));
        return f;
    }

    static void putIfMeasured(Map<String, Number> figures, String name, Number value) {
        if (value != null) {
            figures.put(name, value);
        }
    }

    @Override
    public Presentation presentation() {
        return PRESENTATION;
    }

    private static final Presentation PRESENTATION = new Presentation(
            "Only the way stock is deducted differs between the strategies; redis-mq is the note's whole order "
                    + "path (the order service takes the unit and buffers the order in Redis, a queue carries it to the "
                    + "database, the buyer is answered at once). Oversold counts units acknowledged "
                    + "beyond the stock; DB stock writes / unit is the write load a strategy puts on the stock rows; "
                    + "convergence is the time from the last stock movement until the DB stock matched Redis (0 "
                    + "without Redis, never if it did not); ack to DB is the time from the buyer's acknowledgement to "
                    + "the order's row (0 where the row is written first); skew is the fullest order shard's rows over "
                    + "the mean.",
            List.of(new FigureColumn("oversold", "oversold", StockFigures.OVERSOLD, FigureColumn.Format.COUNT),
                    new FigureColumn("DB stock writes / unit", "writes/unit", StockFigures.DB_STOCK_WRITES_PER_UNIT,
                            FigureColumn.Format.TWO_DECIMALS),
                    new FigureColumn("convergence ms", "conv. ms", StockFigures.CONVERGENCE_MS,
                            FigureColumn.Format.MILLIS_OR_NEVER),
                    new FigureColumn("ack to DB p99 ms", "ack>db p99", StockFigures.ACK_TO_DB_P99_MS, FigureColumn.Format.COUNT),
                    new FigureColumn("shard skew (fullest / mean)", "skew", StockFigures.SHARD_SKEW, FigureColumn.Format.TWO_DECIMALS),
                    new FigureColumn("reads / write", "reads/write", StockFigures.READS_PER_WRITE, FigureColumn.Format.TWO_DECIMALS),
                    new FigureColumn("DB queries / buy", "db q/buy", StockFigures.DB_QUERIES_PER_BUY, FigureColumn.Format.TWO_DECIMALS),
                    new FigureColumn("units to bots", "bot share", StockFigures.BOT_UNIT_SHARE, FigureColumn.Format.TWO_DECIMALS),
                    new FigureColumn("buyers refused by a defence", "refused", StockFigures.HONEST_REFUSED, FigureColumn.Format.COUNT)),
            List.of(new ChartSpec("stock", "Stock over time", "units", List.of(
                            new ChartSpec.Series("DB stock", Sample.DB_STOCK),
                            new ChartSpec.Series("Redis stock", Sample.REDIS_STOCK))),
                    new ChartSpec("queue", "Queue lag (stock changes not yet in the DB)", "messages", List.of(
                            new ChartSpec.Series("queue lag", Sample.QUEUE_LAG)))));
}
