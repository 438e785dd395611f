package shoplab.scenarios.failover;

import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.history.Sample;
import shoplab.report.ChartSpec;
import shoplab.report.FigureColumn;
import shoplab.report.Presentation;
import shoplab.run.FaultStep;
import shoplab.run.LoadEnd;
import shoplab.run.Parameter;
import shoplab.run.Params;
import shoplab.run.Probe;
import shoplab.run.Scenario;
import shoplab.run.ServiceJson;
import shoplab.scenarios.failover.checks.FailoverFigures;
import shoplab.scenarios.failover.checks.NoLostOrderChecker;
import shoplab.scenarios.failover.checks.NoWriteAfterFenceChecker;
import shoplab.scenarios.failover.checks.OnStock;
import shoplab.scenarios.failover.checks.RecoveryChecker;
import shoplab.scenarios.flashsale.FlashSale;
import shoplab.scenarios.flashsale.SaleStack;
import shoplab.scenarios.flashsale.StockProbe;
import shoplab.scenarios.flashsale.checks.NoOversellChecker;
import shoplab.scenarios.flashsale.checks.PerUserLimitChecker;
import shoplab.scenarios.flashsale.checks.StockConservationChecker;
import shoplab.scenarios.flashsale.checks.StockFigures;
import shoplab.services.common.ProtectionMechanism;
import shoplab.services.product.ProductApp;
import shoplab.stack.ReplicationMechanism;
import shoplab.stack.Stack;
import shoplab.stack.StackOptions;
import shoplab.topology.ComponentKind;
import shoplab.topology.Topology;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data-center failover: buyers shop steadily in the production data center, which dies at {@code failAt}
 * (killed, or isolated from the other sites and the traffic manager while its parts live on); the traffic
 * manager detects it, fences it, promotes the same-city replica and moves the users. Compares variants
 * of replication mode, protection and who switches: what each loses (RPO, every lost order listed), how
 * long the shop is down (RTO), how its requests were served meanwhile (the ladder), and that no write lands
 * in two places.
 */
public final class DcFailover implements Scenario {

    public static final String USERS = "users";
    public static final String RAMP_MS = "rampMs";
    public static final String STOCK = "stock";
    public static final String FAIL_AT_MS = "failAtMs";
    public static final String FAIL_MODE = "failMode";
    public static final String SITE = "site";
    public static final String TO = "to";
    public static final String REPLICATION_DELAY_MS = "replicationDelayMs";
    public static final String SALE_USERS = "saleUsers";
    public static final String SALE_AT_MS = "saleAtMs";
    public static final String SALE_RAMP_MS = "saleRampMs";
    public static final String TRIES = "tries";
    public static final String CLIENT_TIMEOUT_MS = "clientTimeoutMs";
    public static final String RECOVER_AT_MS = "recoverAtMs";
    /** After the failed data center comes back (healed or restarted), the lab asks it to rejoin this much later. */
    static final long REJOIN_AFTER_MS = 2_000;
    public static final String HOLD_MINUTES = FlashSale.HOLD_MINUTES;
    public static final String TIME_FACTOR = FlashSale.TIME_FACTOR;
    static final String SKU = "sku-1";
    static final long PRICE_CENTS = 1999;

    @Override
    public String name() {
        return "dc-failover";
    }

    @Override
    public String description() {
        return "The production data center dies mid-load: what does each replication mode lose (RPO), how long is the shop"
                + " down (RTO), what do degrade and rate limits save?";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.integer(USERS, 3000, 1, 100_000, "shoppers, arriving evenly over rampMs: each looks at the product,"
                        + " buys one unit and pays (a fifth walk away before paying)"),
                Parameter.integer(RAMP_MS, 24_000, 1000, 600_000, "milliseconds over which the shoppers arrive"),
                Parameter.integer(SALE_USERS, 0, 0, 100_000, "a flash sale's crowd arriving on top of the shoppers (0: none);"
                        + " at the default saleAtMs it arrives as the production data center fails, so the survivor takes it"),
                Parameter.integer(SALE_AT_MS, 12_000, 0, 600_000, "when the crowd starts arriving, ms into the shoppers' ramp"),
                Parameter.integer(SALE_RAMP_MS, 1_000, 1, 600_000, "milliseconds over which the crowd arrives"),
                Parameter.integer(TRIES, 4, 1, 20, "attempts per step a client makes while it is shed (it waits the"
                        + " Retry-After it was given between them)"),
                Parameter.integer(CLIENT_TIMEOUT_MS, 2_000, 100, 60_000, "how long a client waits for an answer before it"
                        + " gives up (failed; not repeated: it may have happened)"),
                Parameter.integer(STOCK, 1_000_000, 1, 10_000_000, "units on sale (plenty: the load is steady shopping, not a sell-out)"),
                Parameter.integer(FAIL_AT_MS, 17_000, 1, 3_600_000, "when the production data center fails, on the run clock (the load starts about 7 s in)"),
                Parameter.text(FAIL_MODE, "partition", "partition: it is cut from the other sites and the traffic manager, its"
                        + " parts live on (what was on the wire is lost); kill: every part of it dies (only what it had not sent is lost)"),
                Parameter.integer(RECOVER_AT_MS, 0, 0, 3_600_000, "when the failed data center comes back (healed, or"
                        + " restarted after a kill) and, 2 s later, rejoins as a replica of the promoted one; 0: it stays down"),
                Parameter.text(SITE, "dc-a", "the data center that fails (the primary the users start in)"),
                Parameter.text(TO, "dc-b", "whose replication link replicationDelayMs slows: the replica the traffic manager"
                        + " switches to (it takes the first healthy replica in the topology's order)"),
                Parameter.integer(REPLICATION_DELAY_MS, 30, 0, 10_000, "extra one-way ms on the replication link from the"
                        + " failing data center to the switch's target, from the start (a busy link: the replica is that far behind)"),
                Parameter.decimal(HOLD_MINUTES, 15, 0, 24 * 60, "lab minutes an unpaid order holds its unit"),
                Parameter.decimal(TIME_FACTOR, 100, 1, 100_000, "lab seconds per real second"));
    }

    @Override
    public String mechanism() {
        return ReplicationMechanism.NAME;
    }

    /** A variant's suffixes: the services' degrade and rate limits on; the switch left to the person on call. */
    static final String PROTECTED = "-with-" + ProtectionMechanism.DEGRADE_LIMIT;
    static final String MANUAL = "-manual-switch";
    /** How long the person on call takes from the alert to the switch, unless the topology's traffic manager says. */
    static final long OPERATOR_DELAY_MS = 10_000;

    /** A variant by name: {@code <replication mode>[-with-degrade-limit][-manual-switch]}. */
    record Variant(String replication, boolean protection, boolean manual) {
        static Variant of(String name) {
            boolean manual = name.endsWith(MANUAL);
            String rest = manual ? name.substring(0, name.length() - MANUAL.length()) : name;
            boolean protection = rest.endsWith(PROTECTED);
            return new Variant(protection ? rest.substring(0, rest.length() - PROTECTED.length()) : rest, protection, manual);
        }
    }

    /**
     * Named variants: each replication mode as the topology protects it (its protection strategy, none by
     * default), and semi-sync with the topology's degrade and rate limits, so that the protection's effect is
     * seen against the same replication. Any mode may take either suffix ({@code async-with-degrade-limit},
     * {@code semi-sync-manual-switch}).
     */
    @Override
    public List<String> strategies() {
        return List.of("async", "semi-sync", "semi-sync" + PROTECTED);
    }

    @Override
    public boolean runs(String strategy) {
        return shoplab.topology.Mechanisms.get(ReplicationMechanism.NAME).strategy(Variant.of(strategy).replication()).isPresent();
    }

    /** Async in any variant: unsafe by design. */
    @Override
    public java.util.Set<String> unsafeStrategies() {
        java.util.Set<String> unsafe = new java.util.LinkedHashSet<>();
        for (String p : List.of("", PROTECTED)) {
            for (String m : List.of("", MANUAL)) {
                unsafe.add("async" + p + m);
            }
        }
        return unsafe;
    }

    @Override
    public Topology configure(Topology topology, String strategy) {
        Variant v = Variant.of(strategy);
        Topology t = topology.withStrategy(mechanism(), v.replication());
        if (v.protection()) {
            t.requireProtection(); // refused before anything boots
            t = t.withStrategy(ProtectionMechanism.NAME, ProtectionMechanism.DEGRADE_LIMIT);
        }
        if (v.manual() && t.trafficManager() != null) {
            Long delay = t.trafficManager().operatorDelayMs();
            t = t.withTrafficManager(t.trafficManager().manual(delay != null ? delay : OPERATOR_DELAY_MS));
        }
        return t;
    }

    @Override
    public String defaultTopology() {
        return "two-site-three-center.yaml";
    }

    @Override
    public Optional<String> unsuitable(Topology t) {
        if (t.trafficManager() == null || t.replication() == null) {
            return Optional.of("it needs replicated data centers behind a traffic manager (replication: and trafficManager:,"
                    + " as in topologies/two-site-three-center.yaml)");
        }
        return Optional.empty();
    }

    @Override
    public List<FaultStep> plannedFaults(Params p) {
        String mode = switch (p.get(FAIL_MODE)) {
            case "kill" -> "kill";
            case "partition" -> "isolate";
            default -> throw new IllegalArgumentException(FAIL_MODE + ": '" + p.get(FAIL_MODE) + "' is not partition or kill");
        };
        List<FaultStep> plan = new java.util.ArrayList<>();
        long delay = p.getLong(REPLICATION_DELAY_MS);
        if (delay > 0) {
            plan.add(new FaultStep(0, "slow", p.get(TO) + "/db->" + p.get(SITE) + "/db", delay));
        }
        plan.add(new FaultStep(p.getLong(FAIL_AT_MS), mode, p.get(SITE), 0));
        long recoverAt = p.getLong(RECOVER_AT_MS);
        if (recoverAt > 0) {
            if (recoverAt <= p.getLong(FAIL_AT_MS)) {
                throw new IllegalArgumentException(RECOVER_AT_MS + ": " + recoverAt + " is not after " + FAIL_AT_MS + " ("
                        + p.getLong(FAIL_AT_MS) + ")");
            }
            plan.add(new FaultStep(recoverAt, mode.equals("kill") ? "restart" : "heal", p.get(SITE), 0));
            plan.add(new FaultStep(recoverAt + REJOIN_AFTER_MS, "rejoin", p.get(SITE), 0));
        }
        return plan;
    }

    @Override
    public String simulationClass() {
        return ShoppingSimulation.class.getName();
    }

    @Override
    public StackOptions stackOptions(Params p, long seed, Path workDir) {
        return SaleStack.of(workDir, SKU + ":" + p.getLong(STOCK) + "," + ShoppingSimulation.WARM_UP_SKU + ":0", 1, FlashSale.holdMillis(p))
                .services(ComponentKind.PRODUCT_SERVICE)
                .set(ComponentKind.PRODUCT_SERVICE, ProductApp.PRICES, SKU + ":" + PRICE_CENTS + "," + ShoppingSimulation.WARM_UP_SKU + ":1")
                .afterSwitch(SaleStack::rebuildStock).build();
    }

    @Override
    public Map<String, String> loadProperties(Params p, long seed) {
        return ShoppingSimulation.properties(p.getInt(USERS), p.getLong(RAMP_MS), p.getInt(SALE_USERS), p.getLong(SALE_AT_MS),
                p.getLong(SALE_RAMP_MS), SKU, p.getInt(TRIES), p.getLong(CLIENT_TIMEOUT_MS), seed);
    }

    @Override
    public Optional<LoadEnd> loadEnd(Params p) {
        long ramp = Math.max(p.getLong(RAMP_MS), p.getInt(SALE_USERS) > 0 ? p.getLong(SALE_AT_MS) + p.getLong(SALE_RAMP_MS) : 0);
        return Optional.of(LoadEnd.ofSpike(ShoppingSimulation.WARM_UP_SECONDS * 1000, ramp,
                p.getLong(USERS) + p.getInt(SALE_USERS), "shoppers", 100));
    }

    @Override
    public List<Checker> checkers() {
        return List.of(new NoLostOrderChecker(), new NoWriteAfterFenceChecker(1_000),
                new RecoveryChecker("dc-b/db." + Sample.REPLICATION_LAG_TX, "dc-a/db." + Sample.SEMI_SYNC_FALLBACKS),
                new OnStock(new NoOversellChecker()), new OnStock(new PerUserLimitChecker()),
                new OnStock(new StockConservationChecker()));
    }

    @Override
    public Probe probe(Stack stack, Params p, long epochMs) {
        ServiceJson http = new ServiceJson();
        return new FailoverProbe(stack, http, new StockProbe(stack, http, 1, FlashSale.holdMillis(p), epochMs));
    }

    @Override
    public Map<String, Number> figures(List<Verdict> verdicts, FinalState state) {
        Map<String, Number> f = new LinkedHashMap<>();
        for (String key : List.of(FailoverFigures.RPO_ORDERS, FailoverFigures.RTO_MS, FailoverFigures.SWITCH_MS,
                FailoverFigures.WRITES_AFTER_FENCE, FailoverFigures.ERROR_RATE, FailoverFigures.SHED_RATE, FailoverFigures.DEGRADED_SHARE,
                FailoverFigures.LAG_AT_FAULT_TX, FailoverFigures.SEMI_SYNC_FALLBACKS, StockFigures.OVERSOLD)) {
            Double v = Verdict.figure(verdicts, key);
            if (v != null) {
                f.put(key, v);
            }
        }
        return f;
    }

    @Override
    public Presentation presentation() {
        return PRESENTATION;
    }

    private static final Presentation PRESENTATION = new Presentation(
            "The variants differ in the replication mode (async, semi-sync) and, for semi-sync, in protection (none, "
                    + "or the topology's degrade and rate limits). RPO counts orders the shoppers were told succeeded that the "
                    + "promoted data center does not have (each listed under its checker); RTO runs from the failure to the "
                    + "first of three seconds in a row back at 90% of the orders per second before it; switch runs from "
                    + "detection to the traffic moved. Failed, shed and degraded are shares of every request (product reads, "
                    + "buys, pays, retries) started between the failure and 5 s after the traffic moved, when the shoppers "
                    + "refused during the switch come back and, by default, a flash sale's crowd arrives. The ladder shows, "
                    + "per second, how the requests were served.",
            List.of(new FigureColumn("lost acknowledged orders (RPO)", "rpo", FailoverFigures.RPO_ORDERS, FigureColumn.Format.COUNT),
                    new FigureColumn("RTO ms", "rto ms", FailoverFigures.RTO_MS, FigureColumn.Format.MILLIS_OR_NEVER),
                    new FigureColumn("switch ms", "switch ms", FailoverFigures.SWITCH_MS, FigureColumn.Format.MILLIS_OR_NEVER),
                    new FigureColumn("writes after fence", "fenced w", FailoverFigures.WRITES_AFTER_FENCE, FigureColumn.Format.COUNT),
                    new FigureColumn("failed share in switch", "failed", FailoverFigures.ERROR_RATE, FigureColumn.Format.TWO_DECIMALS),
                    new FigureColumn("shed share in switch", "shed", FailoverFigures.SHED_RATE, FigureColumn.Format.TWO_DECIMALS),
                    new FigureColumn("degraded share in switch", "degraded", FailoverFigures.DEGRADED_SHARE, FigureColumn.Format.TWO_DECIMALS),
                    new FigureColumn("replica lag at failure (tx)", "lag tx", FailoverFigures.LAG_AT_FAULT_TX, FigureColumn.Format.COUNT),
                    new FigureColumn("semi-sync fell back to async (times, before the failure)", "fell back",
                            FailoverFigures.SEMI_SYNC_FALLBACKS, FigureColumn.Format.COUNT),
                    new FigureColumn("oversold", "oversold", StockFigures.OVERSOLD, FigureColumn.Format.COUNT)),
            List.of(new ChartSpec("lag", "Replication lag", "transactions", List.of(
                            new ChartSpec.Series("dc-b behind dc-a", "dc-b/db." + Sample.REPLICATION_LAG_TX),
                            new ChartSpec.Series("dc-c behind", "dc-c/db." + Sample.REPLICATION_LAG_TX))),
                    new ChartSpec("semisync", "Semi-sync on the primary (1 on, 0 fell back)", "state", List.of(
                            new ChartSpec.Series("dc-a semi-sync", "dc-a/db." + Sample.SEMI_SYNC_ON)))), true);
}
