package shoplab.scenarios.payment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.scenarios.payment.checks.PaymentFigures;
import shoplab.scenarios.payment.checks.TradeState;
import shoplab.run.Params;
import shoplab.run.RunRequest;
import shoplab.run.Runner;
import shoplab.topology.TopologyLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The duplicate-payment scenario on the real stack (edge, trade, product, coupon, inventory, the payment
 * provider, Kafka, Redis, H2, Gatling): remove the guard and the right verdicts fail; the two safe guards
 * pay, ship and count every order once under the same storm.
 */
class DuplicatePaymentEndToEndTest {

    static final Path TOPOLOGY = Path.of("../topologies/single-dc.yaml");

    @Test
    void naiveDoublesWhatTheSafeGuardsDoOnce(@TempDir Path out) throws Exception {
        DuplicatePayment scenario = new DuplicatePayment();
        Params params = Params.resolve(scenario.parameters(), Map.of(DuplicatePayment.USERS, "150",
                DuplicatePayment.RAMP_MS, "2000", shoplab.run.Parameter.RACE_WINDOW_MS, "200")); // naive's race forced
        Path bundleDir = out.resolve("bundle");
        RunResults results = new Runner(line -> { }).run(new RunRequest(scenario, TOPOLOGY, Files.readString(TOPOLOGY),
                TopologyLoader.load(TOPOLOGY), List.of("naive", "pessimistic", "optimistic"), params, 3, bundleDir));

        assertThat(results.complete()).isTrue();
        StrategyResult naive = results.strategies().get(0);
        assertThat(naive.unsafe()).isTrue();
        assertThat(naive.figures().get(PaymentFigures.DOUBLE_CHARGES).longValue()
                + naive.figures().get(PaymentFigures.DOUBLE_SHIPMENTS).longValue())
                .as("naive: double charges or shipments").isPositive();
        assertThat(naive.checks()).filteredOn(v -> !v.valid()).allSatisfy(v -> assertThat(v.examples()).isNotEmpty());

        for (StrategyResult safe : results.strategies().subList(1, 3)) {
            assertThat(safe.checks()).as(safe.name()).allSatisfy(v ->
                    assertThat(v.valid()).as(safe.name() + " " + v.name() + " " + v.examples()).isTrue());
            Map<String, Number> f = safe.figures();
            assertThat(Stream.of(PaymentFigures.DOUBLE_CHARGES, PaymentFigures.DOUBLE_SHIPMENTS,
                    PaymentFigures.SALES_MISCOUNTED, PaymentFigures.PAID_AFTER_CLOSE_NOT_REFUNDED,
                    PaymentFigures.FORGED_ACCEPTED, PaymentFigures.ILLEGAL_TRANSITIONS).map(f::get))
                    .as(safe.name()).containsOnly(0L);
            assertThat(f.get(PaymentFigures.TIMEOUT_CLOSES).longValue()).as("abandoned orders closed by the timeout job")
                    .isPositive();
            assertThat(f.get(PaymentFigures.TIMEOUT_CLOSE_MAX_MS).longValue())
                    .isGreaterThanOrEqualTo(f.get(PaymentFigures.TIMEOUT_CLOSE_P99_MS).longValue()).isNotNegative();
            assertThat(safe.attempts()).as("pay attempts").isPositive();
        }
        for (String guard : List.of("naive", "pessimistic", "optimistic")) {
            assertThat(RunBundle.open(bundleDir).readHistory(guard).ops()).filteredOn(op -> op.f().equals("checkout"))
                    .as(guard + ": every shopper checks out (stock and coupons suffice)").hasSize(150)
                    .allSatisfy(op -> assertThat(op.outcome()).as(op.toString()).isEqualTo(shoplab.history.Outcome.OK));
        }
        for (StrategyResult r : results.strategies()) {
            // the live count of the last sample (taken on the quiesced stack) is the final verdict's
            List<shoplab.history.Sample> samples = RunBundle.open(bundleDir).readHistory(r.name()).samples();
            double liveShipped = samples.get(samples.size() - 1)
                    .get(shoplab.history.Sample.VIOLATIONS_PREFIX + "shipped-at-most-once");
            assertThat(liveShipped).as(r.name() + " live double shipments")
                    .isEqualTo(r.figures().get(PaymentFigures.DOUBLE_SHIPMENTS).doubleValue());
        }
        String json = Files.readString(bundleDir.resolve(RunBundle.RESULTS_JSON));
        assertThat(json).contains("\"doubleCharges\"", "\"forgedAccepted\"", "\"illegalTransitions\"");
        assertThat(Files.readString(bundleDir.resolve(RunBundle.INDEX_HTML))).contains(">double charges</th>")
                .doesNotContain("oversold");
        assertThat(RunBundle.open(bundleDir).readFinalState("optimistic").snapshot(TradeState.class).orders()).isNotEmpty();
    }

    /**
     * On three data centers the trade side runs in each, the provider outside calls every one back over its
     * own link; the shoppers buy in dc-a, where the safe guard pays, ships and counts each order once.
     */
    @Test
    void onThreeDataCentersTheSafeGuardHoldsWithTheProviderOutside(@TempDir Path out) throws Exception {
        Path three = Path.of("../topologies/two-site-three-center.yaml");
        DuplicatePayment scenario = new DuplicatePayment();
        Params params = Params.resolve(scenario.parameters(), Map.of(DuplicatePayment.USERS, "60",
                DuplicatePayment.RAMP_MS, "2000"));
        Path bundleDir = out.resolve("bundle");
        RunResults results = new Runner(line -> { }).run(new RunRequest(scenario, three, Files.readString(three),
                TopologyLoader.load(three), List.of("optimistic"), params, 5, bundleDir));

        StrategyResult r = results.strategies().get(0);
        assertThat(r.checks()).allSatisfy(v -> assertThat(v.valid()).as(v.name() + " " + v.examples()).isTrue());
        assertThat(r.figures().get(PaymentFigures.DOUBLE_CHARGES)).isEqualTo(0L);
        assertThat(RunBundle.open(bundleDir).readHistory("optimistic").ops())
                .filteredOn(o -> o.is(shoplab.history.Op.PAY, shoplab.history.Outcome.OK))
                .isNotEmpty().allMatch(o -> "dc-a".equals(o.dc()) && "dc-a/trade".equals(o.servedBy()), "paid in dc-a");
    }
}
