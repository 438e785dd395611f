package shoplab.scenarios.dtx;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.history.Sample;
import shoplab.report.ChartSpec;
import shoplab.report.Presentation;
import shoplab.run.FaultStep;
import shoplab.run.LoadEnd;
import shoplab.run.Parameter;
import shoplab.run.Params;
import shoplab.run.Probe;
import shoplab.run.Scenario;
import shoplab.scenarios.dtx.checks.DtxCheckers;
import shoplab.scenarios.dtx.checks.DtxFigures;
import shoplab.scenarios.dtx.checks.InconsistencyWindow;
import shoplab.scenarios.flashsale.SaleStack;
import shoplab.services.product.ProductApp;
import shoplab.stack.Stack;
import shoplab.stack.StackOptions;
import shoplab.topology.ComponentKind;
import shoplab.topology.Topology;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static shoplab.report.FigureColumn.count;

/**
 * Distributed transactions: shoppers buy (a unit of stock, maybe their coupon, a payment that may fail) while
 * the same fault plan strikes where each way of keeping the three databases together is weak: the coordinator
 * killed between its first and last change (2PC: between prepare and commit), a participant killed between try
 * and confirm, Kafka unreachable, messages sent twice and out of order, a try that arrives after its cancel,
 * and trade cut off from inventory. Compares none, 2pc, async-ensured, tx-message and tcc.
 */
public final class DistributedTx implements Scenario {

    public static final String RATE = "rate";
    public static final String SECONDS = "seconds";
    public static final String SKUS = "skus";
    public static final String UNITS = "unitsPerSku";
    public static final String SHOPPERS = "shoppers";
    public static final String COUPON = "couponShare";
    public static final String FAIL = "failShare";
    public static final String FAULTS = "faults";

    /** When the shoppers start on the run clock: after the load generator's JVM is up, the same for every strategy. */
    static final long LOAD_START_MS = 6000;
    /** The fault plan is laid out over this many seconds of load and scaled to the run's. */
    static final double PLAN_SECONDS = 30;

    static String sku(int n) {
        return "sku-" + n;
    }

    static String coupon(int shopper) {
        return "c-" + shopper;
    }

    @Override
    public String name() {
        return "distributed-tx";
    }

    @Override
    public String description() {
        return "One purchase, three databases: do 2PC, async-ensured, transactional messages and TCC keep it all or nothing under the faults each exists for?";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.decimal(RATE, 20, 0.5, 2000, "purchases started per second"),
                Parameter.integer(SECONDS, 30, 10, 3600, "seconds of load (the fault plan is scaled to it)"),
                Parameter.integer(SKUS, 10, 1, 10_000, "SKUs the purchases spread over (each a stock row: 2PC locks it)"),
                Parameter.integer(UNITS, 1000, 1, 1_000_000_000, "units of each SKU"),
                Parameter.integer(SHOPPERS, 1000, 1, 100_000, "shoppers, each with one coupon (fewer: more purchases meet a coupon already used)"),
                Parameter.decimal(COUPON, 0.5, 0, 1, "share of purchases that use the shopper's coupon"),
                Parameter.decimal(FAIL, 0.2, 0, 1, "share of payments that fail (the undo runs)"),
                Parameter.text(FAULTS, "plan", "plan: the fault plan; none: no faults"));
    }

    @Override
    public String mechanism() {
        return "distributed-tx";
    }

    @Override
    public String measuredOperation() {
        return DtxSimulation.PURCHASE;
    }

    @Override
    public String simulationClass() {
        return DtxSimulation.class.getName();
    }

    @Override
    public String defaultTopology() {
        return "distributed-tx.yaml";
    }

    @Override
    public Optional<String> unsuitable(Topology topology) {
        long trades = topology.placed().stream().filter(p -> p.kind() == ComponentKind.TRADE_SERVICE).count();
        if (trades != 1) {
            return Optional.of("it needs exactly one trade service (the coordinator; 2PC's transaction manager is one per process), found " + trades);
        }
        boolean mariaDb = topology.placed().stream().anyMatch(p -> p.kind() == ComponentKind.DATABASE && p.component().isMariaDb());
        return mariaDb ? Optional.empty() : Optional.of("it needs the services' database on MariaDB (engine: mariadb): 2PC's XA "
                + "branches must outlive their connection, which H2 does not keep");
    }

    @Override
    public StackOptions stackOptions(Params p, long seed, Path workDir) {
        return SaleStack.of(workDir, "sku-sale:0", 1, 60_000)
                .services(ComponentKind.TRADE_SERVICE, ComponentKind.COUPON_SERVICE)
                // the trade service's own checkout calls the product service, which wants prices: the purchase does not
                .set(ComponentKind.PRODUCT_SERVICE, ProductApp.PRICES, sku(1) + ":100")
                .afterBoot(stack -> seed(stack, p))
                .build();
    }

    /** The SKUs' units at the inventory, one coupon per shopper at the coupon service: the participants' items. */
    private static void seed(Stack stack, Params p) throws Exception {
        StringBuilder skus = new StringBuilder();
        for (int i = 1; i <= p.getInt(SKUS); i++) {
            skus.append(skus.isEmpty() ? "" : ",").append('"').append(sku(i)).append("\":").append(p.getLong(UNITS));
        }
        StringBuilder coupons = new StringBuilder();
        for (int i = 1; i <= p.getInt(SHOPPERS); i++) {
            coupons.append(coupons.isEmpty() ? "" : ",").append('"').append(coupon(i)).append("\":1");
        }
        post(stack.serviceUrl(ComponentKind.INVENTORY_SERVICE) + "/internal/tx/items", "{\"items\":{" + skus + "}}");
        post(stack.serviceUrl(ComponentKind.COUPON_SERVICE) + "/internal/tx/items", "{\"items\":{" + coupons + "}}");
    }

    private static void post(String url, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("seeding " + url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /**
     * The plan, laid out over {@link #PLAN_SECONDS} of load and scaled to the run's: where each style is weak.
     * The hold windows stop purchases half done, so the kills that follow strike those (not whatever happens
     * to be in flight).
     */
    @Override
    public List<FaultStep> plannedFaults(Params p) {
        if ("none".equals(p.get(FAULTS))) {
            return List.of();
        }
        if (!"plan".equals(p.get(FAULTS))) {
            throw new IllegalArgumentException(FAULTS + ": '" + p.get(FAULTS) + "' is not plan or none");
        }
        double scale = p.getLong(SECONDS) / PLAN_SECONDS;
        List<FaultStep> plan = new ArrayList<>();
        // the coordinator dies with purchases between their first and last change (2PC: prepared, not committed)
        plan.add(step(scale, 4.0, "open", "trade/hold"));
        plan.add(step(scale, 4.6, "kill", "trade"));
        plan.add(step(scale, 4.7, "heal", "trade/hold"));
        plan.add(step(scale, 7.0, "restart", "trade"));
        // a participant dies between try and confirm: the held purchases go on into a dead coupon service
        plan.add(step(scale, 10.0, "open", "trade/hold"));
        plan.add(step(scale, 10.5, "kill", "coupon"));
        plan.add(step(scale, 11.0, "heal", "trade/hold"));
        plan.add(step(scale, 13.0, "restart", "coupon"));
        plan.add(step(scale, 15.0, "open", "trade/broker-down"));
        plan.add(step(scale, 18.0, "heal", "trade/broker-down"));
        plan.add(step(scale, 19.0, "open", "trade/duplicate"));
        plan.add(step(scale, 21.0, "heal", "trade/duplicate"));
        plan.add(step(scale, 22.0, "open", "trade/late-try"));
        plan.add(step(scale, 24.0, "heal", "trade/late-try"));
        plan.add(step(scale, 26.0, "cut", "trade->inventory"));
        plan.add(step(scale, 27.5, "heal", "trade->inventory"));
        return plan;
    }

    private static FaultStep step(double scale, double atSecondOfLoad, String action, String target) {
        return new FaultStep(LOAD_START_MS + Math.round(atSecondOfLoad * 1000 * scale), action, target, 0);
    }

    @Override
    public Optional<LoadEnd> loadEnd(Params p) {
        return Optional.of(LoadEnd.ofSteady(LOAD_START_MS - LoadEnd.GENERATOR_START_MS, p.getLong(SECONDS) * 1000));
    }

    @Override
    public long loadTimeoutSeconds(Params p) {
        return LOAD_START_MS / 1000 + p.getLong(SECONDS) + 120;
    }

    @Override
    public Map<String, String> loadProperties(Params p, long seed) {
        return Map.of(
                DtxSimulation.P_RATE, p.get(RATE),
                DtxSimulation.P_SECONDS, p.get(SECONDS),
                DtxSimulation.P_SKUS, p.get(SKUS),
                DtxSimulation.P_SHOPPERS, p.get(SHOPPERS),
                DtxSimulation.P_COUPON, p.get(COUPON),
                DtxSimulation.P_FAIL, p.get(FAIL),
                DtxSimulation.P_SEED, String.valueOf(seed));
    }

    @Override
    public Map<String, String> mutationParams() {
        return Map.of(SECONDS, "10");
    }

    @Override
    public List<String> tryByHand(URI entry, Params p) {
        return List.of("curl -X POST -H 'Content-Type: application/json' -d '{\"purchaseId\":\"p-hand-1\",\"userId\":\"u-1\",\"sku\":\""
                + sku(1) + "\",\"couponCode\":\"" + coupon(1) + "\",\"payOk\":true}' " + entry + "/api/trade/purchases");
    }

    @Override
    public List<Checker> checkers() {
        return DtxCheckers.all();
    }

    @Override
    public Probe probe(Stack stack, Params p, long epochMs) {
        return new DtxProbe(stack);
    }

    @Override
    public Map<String, Number> figures(List<Verdict> verdicts, FinalState state) {
        Map<String, Number> f = new LinkedHashMap<>();
        for (String counted : List.of(DtxFigures.PAID, DtxFigures.FAILED, DtxFigures.INCONSISTENT)) {
            Double v = Verdict.figure(verdicts, counted);
            if (v != null) {
                f.put(counted, v);
            }
        }
        if (state != null && state.quiesced() && state.snapshot() != null) {
            Map<String, Double> w = InconsistencyWindow.figures(state);
            for (String k : List.of(DtxFigures.WINDOW_P50_MS, DtxFigures.WINDOW_P99_MS, DtxFigures.WINDOW_MAX_MS)) {
                if (w.containsKey(k)) {
                    f.put(k, w.get(k));
                }
            }
        }
        return f;
    }

    /** The verdicts' and the final state's figures, then the timeline's: locks, in-doubt, recovery, the fence's counts. */
    @Override
    public Map<String, Number> figures(List<Verdict> verdicts, CheckInput run) {
        Map<String, Number> f = figures(verdicts, run.finalState());
        f.putAll(TimelineFigures.of(run.samples(), run.faults()));
        return f;
    }

    @Override
    public Presentation presentation() {
        return PRESENTATION;
    }

    private static final Presentation PRESENTATION = new Presentation(
            "Every strategy meets the same shoppers and the same fault plan (shaded on the charts). Inconsistent counts "
                    + "purchases that are not all or nothing once the stack is quiet (a paid one without its unit or "
                    + "coupon taken, a failed one still holding either). Window p50/p99/max: how long a purchase's "
                    + "changes took from the first to the last, across the three databases (ms). Lock p99/max: how long "
                    + "a stock row stayed locked by one purchase (a 2PC branch holds it from its work to phase 2, across "
                    + "a coordinator's death). In doubt max: XA branches prepared at once at the worst moment. Recovery "
                    + "ms: from a fault's heal until nothing was left unfinished or in doubt. Absorbed: effects asked "
                    + "again and changed nothing; empty rollbacks: cancels before any try; suspended: tries that came "
                    + "after their cancel and did nothing.",
            List.of(count("paid", "paid", DtxFigures.PAID),
                    count("failed", "failed", DtxFigures.FAILED),
                    count("inconsistent", "inconsist.", DtxFigures.INCONSISTENT),
                    count("window p99 ms", "win p99", DtxFigures.WINDOW_P99_MS),
                    count("window max ms", "win max", DtxFigures.WINDOW_MAX_MS),
                    count("lock p99 ms", "lock p99", TimelineFigures.LOCK_P99_MS),
                    count("lock max ms", "lock max", TimelineFigures.LOCK_MAX_MS),
                    count("in doubt max", "in doubt", TimelineFigures.IN_DOUBT_MAX),
                    count("recovery ms", "recovery", TimelineFigures.RECOVERY_MS),
                    count("absorbed", "absorbed", TimelineFigures.ABSORBED),
                    count("empty rollbacks", "empty rb", TimelineFigures.EMPTY_ROLLBACKS),
                    count("suspended tries", "suspended", TimelineFigures.SUSPENDED_TRIES)),
            List.of(new ChartSpec("inconsistent", "Purchases not all or nothing", "purchases", List.of(
                            new ChartSpec.Series("inconsistent now", DtxProbe.INCONSISTENT_NOW),
                            new ChartSpec.Series("undecided purchases", DtxProbe.PENDING_PURCHASES))),
                    new ChartSpec("in-doubt", "In doubt and unfinished", "transactions", List.of(
                            new ChartSpec.Series("XA branches in doubt", DtxProbe.IN_DOUBT),
                            new ChartSpec.Series("unfinished (TCC, outbox, half messages, in doubt)", DtxProbe.UNFINISHED),
                            new ChartSpec.Series("held half done", DtxProbe.HELD))),
                    new ChartSpec("locks", "Stock row locks", "ms", List.of(
                            new ChartSpec.Series("longest lock so far, ms", DtxProbe.LOCK_MAX),
                            new ChartSpec.Series("XA branches open", DtxProbe.LOCK_OPEN)))),
            false);
}
