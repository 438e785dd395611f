package shoplab.scenarios.payment;

import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.history.Op;
import shoplab.history.Sample;
import shoplab.report.ChartSpec;
import shoplab.report.Presentation;
import shoplab.run.LoadEnd;
import shoplab.run.Parameter;
import shoplab.services.common.RaceWindow;
import shoplab.run.Params;
import shoplab.run.Probe;
import shoplab.run.Scenario;
import shoplab.scenarios.payment.checks.PaymentCheck;
import shoplab.scenarios.payment.checks.PaymentFigures;
import shoplab.scenarios.payment.checks.TradeState;
import shoplab.stack.Stack;
import shoplab.stack.StackOptions;
import shoplab.scenarios.flashsale.SaleStack;
import shoplab.services.payment.PaymentProviderApp;
import shoplab.services.product.ProductApp;
import shoplab.services.trade.TradeApp;
import shoplab.topology.ComponentKind;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static shoplab.report.FigureColumn.count;

/**
 * Duplicate payment: shoppers check out and pay (some double-click, some use a coupon, some walk away),
 * the payment provider storms the callbacks (duplicates, concurrent duplicates, out of order, late,
 * failures, forgeries), and the order-timeout job races the late ones. Compares the trade service's
 * idempotency guards: naive check-then-act, SELECT ... FOR UPDATE, conditional UPDATE.
 */
public final class DuplicatePayment implements Scenario {

    public static final String USERS = "users";
    public static final String RAMP_MS = "rampMs";
    public static final String STOCK = "stock";
    public static final String PRICE_CENTS = "priceCents";
    public static final String DOUBLE_CLICK = "doubleClickShare";
    public static final String COUPON = "couponShare";
    public static final String COUPON_CENTS = "couponCents";
    public static final String ABANDON = "abandonShare";
    public static final String DUPLICATE = "duplicateRate";
    public static final String CONCURRENT = "concurrentRate";
    public static final String DUPLICATE_COUNT = "duplicateCount";
    public static final String CONCURRENT_COUNT = "concurrentCount";
    public static final String OUT_OF_ORDER = "outOfOrderRate";
    public static final String LATE = "lateRate";
    public static final String FAIL = "failRate";
    public static final String FORGED = "forgedRate";
    public static final String TIMEOUT_MINUTES = "orderTimeoutMinutes";
    public static final String LATE_MINUTES = "lateMinutes";
    public static final String TIME_FACTOR = "timeFactor";

    static final String SKU = "sku-1";
    /** A SKU with no price and no stock: the warm-up's checkouts are refused and change nothing. */
    static final String WARM_UP_SKU = "warm-up";

    /** The coupon a shopper may use: issued at boot to every shopper who might. */
    static String couponCode(long user) {
        return "c-" + user;
    }

    @Override
    public String name() {
        return "duplicate-payment";
    }

    @Override
    public String description() {
        return "Shoppers pay while the provider storms the callbacks: which idempotency guard pays, ships and counts each order exactly once?";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.integer(USERS, 300, 1, 20_000, "shoppers, one order each"),
                Parameter.integer(RAMP_MS, 5000, 1000, 600_000, "milliseconds over which the shoppers arrive"),
                Parameter.integer(STOCK, 10_000, 1, 1_000_000, "units of the SKU on sale"),
                Parameter.integer(PRICE_CENTS, 1999, 1, 100_000_000, "the SKU's price in cents"),
                Parameter.decimal(DOUBLE_CLICK, 0.3, 0, 1, "share of shoppers who click pay twice"),
                Parameter.decimal(COUPON, 0.3, 0, 1, "share of shoppers who use a coupon"),
                Parameter.integer(COUPON_CENTS, 300, 0, 100_000_000, "what a coupon takes off, cents"),
                Parameter.decimal(ABANDON, 0.1, 0, 1, "share of shoppers who never pay (the timeout job closes their order)"),
                Parameter.decimal(DUPLICATE, 0.5, 0, 1, "share of payments whose success notice is sent again, one after another"),
                Parameter.integer(DUPLICATE_COUNT, 2, 1, 16, "extra copies of a duplicated notice"),
                Parameter.decimal(CONCURRENT, 0.5, 0, 1, "share of payments whose success notice is sent several times at once"),
                Parameter.integer(CONCURRENT_COUNT, 3, 1, 16, "copies of a notice sent at once"),
                Parameter.decimal(OUT_OF_ORDER, 0.1, 0, 1, "share of payments followed by an older FAIL notice"),
                Parameter.decimal(LATE, 0.1, 0, 1, "share of payments whose notice comes after the order timed out"),
                Parameter.decimal(FAIL, 0.05, 0, 1, "share of payments that fail"),
                Parameter.decimal(FORGED, 0.1, 0, 1, "share of payments for which a forged success notice is sent"),
                Parameter.decimal(TIMEOUT_MINUTES, 30, 1, 24 * 60, "lab minutes an unpaid order lives"),
                Parameter.decimal(LATE_MINUTES, 45, 0, 24 * 60, "lab minutes a late notice waits (longer than the timeout: it races the close)"),
                Parameter.decimal(TIME_FACTOR, 600, 1, 100_000, "lab seconds per real second"),
                Parameter.raceWindow());
    }

    /**
     * 100 shoppers over 3 s, every kind of storm present, rivals forced to meet: a short run in which every
     * payment safeguard is needed.
     */
    @Override
    public Map<String, String> mutationParams() {
        return Map.of(USERS, "100", RAMP_MS, "3000", DOUBLE_CLICK, "0.5", FORGED, "0.3", LATE, "0.2", FAIL, "0.2",
                ABANDON, "0.2", Parameter.RACE_WINDOW_MS, "200");
    }

    @Override
    public String mechanism() {
        return "payment-guard";
    }

    @Override
    public String measuredOperation() {
        return Op.PAY;
    }

    @Override
    public String simulationClass() {
        return DuplicatePaymentSimulation.class.getName();
    }

    static long realMillis(Params p, String labMinutes) {
        return Math.round(p.getDouble(labMinutes) * 60_000 / p.getDouble(TIME_FACTOR));
    }

    @Override
    public StackOptions stackOptions(Params p, long seed, Path workDir) {
        Map<String, String> storm = new LinkedHashMap<>();
        storm.put("seed", String.valueOf(seed));
        storm.put("duplicate-rate", p.get(DUPLICATE));
        storm.put("duplicate-count", p.get(DUPLICATE_COUNT));
        storm.put("concurrent-rate", p.get(CONCURRENT));
        storm.put("concurrent-count", p.get(CONCURRENT_COUNT));
        storm.put("out-of-order-rate", p.get(OUT_OF_ORDER));
        storm.put("late-rate", p.get(LATE));
        storm.put("late-ms", String.valueOf(realMillis(p, LATE_MINUTES)));
        storm.put("fail-rate", p.get(FAIL));
        storm.put("forged-rate", p.get(FORGED));
        // No per-user limit on this sale, and the trade service's own timeout releases unpaid units.
        StackOptions.Builder b = SaleStack.of(workDir, SKU + ":" + p.getLong(STOCK) + "," + WARM_UP_SKU + ":0",
                        Integer.MAX_VALUE, realMillis(p, TIMEOUT_MINUTES))
                .services(ComponentKind.PRODUCT_SERVICE, ComponentKind.COUPON_SERVICE, ComponentKind.PAYMENT_PROVIDER,
                        ComponentKind.TRADE_SERVICE)
                .set(ComponentKind.PRODUCT_SERVICE, ProductApp.PRICES, SKU + ":" + p.getLong(PRICE_CENTS))
                .set(ComponentKind.PAYMENT_PROVIDER, PaymentProviderApp.TIME_FACTOR, p.getDouble(TIME_FACTOR))
                .set(ComponentKind.TRADE_SERVICE, TradeApp.ORDER_TIMEOUT_MS, realMillis(p, TIMEOUT_MINUTES))
                .set(ComponentKind.TRADE_SERVICE, RaceWindow.PROPERTY, p.getLong(Parameter.RACE_WINDOW_MS))
                .afterBoot(stack -> issueCoupons(stack, p.getInt(USERS), p.getLong(COUPON_CENTS)));
        storm.forEach((k, v) -> b.set(ComponentKind.PAYMENT_PROVIDER, PaymentProviderApp.STORM + k, v));
        return b.build();
    }

    /**
     * Coupons {@code c-N} for users {@code u-N}, once per coupon database: what the shoppers may redeem. Each
     * data center's own database, or, where the data centers replicate, the primary's, through the active data
     * center's coupon service (a standby's refuses writes: it holds no lease). Sixteen requests in flight per
     * service: one at a time, three data centers' coupons took 5 s.
     */
    private static void issueCoupons(Stack stack, int coupons, long discountCents) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        java.util.Set<Object> databases = new java.util.HashSet<>();
        for (var service : stack.serviceUrls(ComponentKind.COUPON_SERVICE).entrySet()) { // the active data center first
            var coupon = stack.topology().placed(service.getKey()).orElseThrow();
            if (!databases.add(stack.topology().callee(coupon, ComponentKind.DATABASE).orElse(coupon))) {
                continue; // its database is one already issued to (replicated: the primary's)
            }
            String url = service.getValue();
            for (int n = 1; n <= coupons; n++) {
                String body = "{\"code\":\"c-" + n + "\",\"userId\":\"u-" + n + "\",\"discountCents\":"
                        + discountCents + ",\"minOrderCents\":0}";
                String what = "issuing coupon c-" + n + " at " + url;
                inFlight.acquire();
                sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/internal/coupons/issue"))
                                        .header("Content-Type", "application/json")
                                        .timeout(Duration.ofSeconds(30))
                                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> inFlight.release())
                        .thenAccept(r -> {
                            if (r.statusCode() / 100 != 2) {
                                throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
                            }
                        }));
            }
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * The slowest rate shoppers are served at, faults included: the slowest guard measured here pays about
     * 37 orders a second, each with its checkout, double clicks and callbacks. It bounds when the load can
     * still be going on.
     */
    static final long SLOWEST_SHOPPERS_PER_SECOND = 20;

    @Override
    public java.util.Optional<LoadEnd> loadEnd(Params p) {
        return java.util.Optional.of(LoadEnd.ofSpike(DuplicatePaymentSimulation.WARM_UP_SECONDS * 1000,
                p.getLong(RAMP_MS), p.getLong(USERS), "shoppers", SLOWEST_SHOPPERS_PER_SECOND));
    }

    @Override
    public Map<String, String> loadProperties(Params p, long seed) {
        return Map.of(
                DuplicatePaymentSimulation.P_USERS, p.get(USERS),
                DuplicatePaymentSimulation.P_RAMP_MS, p.get(RAMP_MS),
                DuplicatePaymentSimulation.P_SKU, SKU,
                DuplicatePaymentSimulation.P_DOUBLE_CLICK, p.get(DOUBLE_CLICK),
                DuplicatePaymentSimulation.P_COUPON, p.get(COUPON),
                DuplicatePaymentSimulation.P_ABANDON, p.get(ABANDON),
                DuplicatePaymentSimulation.P_SEED, String.valueOf(seed));
    }

    @Override
    public List<String> tryByHand(java.net.URI entry, Params p) {
        return List.of("curl -X POST -H 'Content-Type: application/json' -d '{\"userId\":\"u-1\",\"sku\":\"" + SKU
                        + "\",\"quantity\":1,\"channel\":\"alipay\",\"couponCode\":\"" + couponCode(1) + "\"}' "
                        + entry + "/api/trade/orders",
                "curl -X POST " + entry + "/api/trade/orders/ORDER_ID/pay",
                "curl " + entry + "/api/trade/orders/ORDER_ID");
    }

    @Override
    public List<Checker> checkers() {
        return PaymentCheck.all();
    }

    @Override
    public java.util.Optional<shoplab.checks.CheckInput> syntheticHistory(int operations, long seed) {
        return java.util.Optional.of(SyntheticTrade.generate(operations, seed));
    }

    @Override
    public Probe probe(Stack stack, Params p, long epochMs) {
        return new TradeProbe(stack, realMillis(p, TIMEOUT_MINUTES), epochMs);
    }

    /** What each checker counted, then how precisely the timeout job closed unpaid orders. */
    @Override
    public Map<String, Number> figures(List<Verdict> verdicts, FinalState state) {
        Map<String, Number> f = new LinkedHashMap<>();
        for (String counted : List.of(PaymentFigures.DOUBLE_CHARGES, PaymentFigures.DOUBLE_SHIPMENTS,
                PaymentFigures.SALES_MISCOUNTED, PaymentFigures.PAID_AFTER_CLOSE_NOT_REFUNDED,
                PaymentFigures.UNRECONCILED_CHARGES, PaymentFigures.FORGED_ACCEPTED, PaymentFigures.ILLEGAL_TRANSITIONS)) {
            Double v = Verdict.figure(verdicts, counted);
            if (v != null) {
                f.put(counted, v);
            }
        }
        TradeState trade = state.snapshot(TradeState.class);
        TradeState.TimeoutPrecision t = trade == null ? null : trade.timeouts();
        if (t != null) {
            f.put(PaymentFigures.TIMEOUT_CLOSES, t.closes());
            f.put(PaymentFigures.TIMEOUT_CLOSE_P99_MS, t.p99Ms());
            f.put(PaymentFigures.TIMEOUT_CLOSE_MAX_MS, t.maxMs());
        }
        return f;
    }

    @Override
    public Presentation presentation() {
        return PRESENTATION;
    }

    private static final Presentation PRESENTATION = new Presentation(
            "Only the trade service's payment guard differs between the strategies: the same shoppers check out "
                    + "and pay, and the provider's callback storm is drawn from the same seed. Double charges count "
                    + "charges beyond the first still standing for an order, double shipments hand-overs to shipping "
                    + "beyond the first; sales miscounted is how far the sales counter is off the paid units; paid "
                    + "after close, not refunded counts money kept for closed orders, unreconciled money kept for "
                    + "payments the shop never made; forged accepted and illegal "
                    + "transitions count forged notices taken and status moves the state machine forbids. Timeout "
                    + "closes and close late p99 ms say how many unpaid orders the timeout job closed and how late "
                    + "after their deadline (real milliseconds).",
            List.of(count("double charges", "dbl charge", PaymentFigures.DOUBLE_CHARGES),
                    count("double shipments", "dbl ship", PaymentFigures.DOUBLE_SHIPMENTS),
                    count("sales miscounted", "sales off", PaymentFigures.SALES_MISCOUNTED),
                    count("paid after close, not refunded", "unrefunded", PaymentFigures.PAID_AFTER_CLOSE_NOT_REFUNDED),
                    count("unreconciled charges", "unreconciled", PaymentFigures.UNRECONCILED_CHARGES),
                    count("forged accepted", "forged ok", PaymentFigures.FORGED_ACCEPTED),
                    count("illegal transitions", "illegal", PaymentFigures.ILLEGAL_TRANSITIONS),
                    count("timeout closes", "closes", PaymentFigures.TIMEOUT_CLOSES),
                    count("close late p99 ms", "late p99", PaymentFigures.TIMEOUT_CLOSE_P99_MS)),
            List.of(new ChartSpec("orders", "Orders over time", "orders", List.of(
                            new ChartSpec.Series("paid orders", TradeProbe.PAID),
                            new ChartSpec.Series("open orders", TradeProbe.OPEN_ORDERS))),
                    new ChartSpec("notices", "Payment notices (the callback storm)", "notices", List.of(
                            new ChartSpec.Series("notices delivered/s", Sample.NOTICES_PER_SECOND),
                            new ChartSpec.Series("notices pending", TradeProbe.NOTICES_PENDING)))));
}
