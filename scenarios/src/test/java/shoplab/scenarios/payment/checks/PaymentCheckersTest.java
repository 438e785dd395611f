package shoplab.scenarios.payment.checks;

import org.junit.jupiter.api.Test;
import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.history.HistoryJson;
import shoplab.checks.Verdict;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static shoplab.scenarios.payment.checks.PaymentFixtures.*;
import static shoplab.domain.trade.OrderStatus.*;

/** One snapshot holding each violation, and one clean snapshot, for every payment checker. */
class PaymentCheckersTest {

    /** A run where everything went right: paid, shipped, refunded, failed and timed-out orders. */
    private static TradeState clean() {
        return new TradeState(
                List.of(order("o-1", "sku-1", 2, PAID),
                        order("o-2", "sku-1", 1, SHIPPED),
                        withCoupon(order("o-3", "sku-2", 1, CANCELLED), "c-1", true, true),
                        order("o-4", "sku-2", 3, CLOSED),
                        order("o-5", "sku-2", 1, REFUNDED),
                        order("o-6", "sku-3", 1, CREATED)),
                List.of(charge("t-1", "o-1", 2000, 200, false),
                        charge("t-2", "o-2", 1000, 210, false),
                        charge("t-3", "o-1", 2000, 250, true),   // a duplicate, refunded: fine
                        charge("t-4", "o-4", 3000, 900, true),   // paid after close, refunded
                        charge("t-5", "o-5", 1000, 220, true)),
                List.of(notice("n-1", "o-1", false, 200), notice("n-2", "o-2", false, 210)),
                Map.of("sku-1", 3L, "sku-2", 0L));
    }

    @Test
    void allListsTheCheckersInReportOrder() {
        assertThat(PaymentCheckers.all()).extracting(PaymentChecker::name).containsExactly(
                "charged-at-most-once", "shipped-at-most-once", "sales-counted-once", "paid-after-close-refunded",
                "charges-reconciled", "restored-on-failure", "no-forged-accepted", "no-illegal-transition");
    }

    @Test
    void aCleanRunPassesEveryChecker() {
        for (PaymentChecker checker : PaymentCheckers.all()) {
            Verdict v = checker.check(clean());
            assertThat(v.valid()).as(checker.name() + ": " + v.examples()).isTrue();
            assertThat(v.violations()).isZero();
            assertThat(v.examples()).isEmpty();
            assertThat(v.name()).isEqualTo(checker.name());
        }
    }

    @Test
    void chargesReconciledCatchesMoneyKeptForAPaymentTheShopNeverMade() {
        List<OrderRecord> orders = List.of(order("o-1", "sku-1", 1, SHIPPED));
        List<Charge> charges = List.of(charge("t-1", "o-1", 1000, 100, false),
                new Charge("t-7", "o-1-p9-guessed", "o-1", 1000, 350, false),   // someone else's request, kept
                new Charge("t-8", "lost-payment", null, 500, 420, true));        // unknown, but refunded: fine
        TradeState s = new TradeState(orders, charges, List.of(), Map.of("sku-1", 1L), java.util.Set.of("p-t-1"), null);
        Verdict v = new ChargesReconciled().check(s);
        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.examples()).singleElement().asString()
                .contains("t-7").contains("o-1-p9-guessed").contains("never made").contains("0.35");
        assertThat(v.figures()).containsEntry(PaymentFigures.UNRECONCILED_CHARGES, 1.0);
    }

    @Test
    void chargedAtMostOnceCatchesADoublePayment() {
        TradeState s = state(List.of(order("o-812", "sku-1", 1, PAID), order("o-9", "sku-1", 1, PAID)),
                List.of(charge("t-1", "o-812", 1000, 100, false),
                        charge("t-9", "o-9", 1000, 150, false),
                        charge("t-2", "o-812", 1000, 300, false),
                        charge("t-3", "o-9", 1000, 160, false),
                        charge("t-4", "o-9", 1000, 170, false),
                        charge("t-5", "o-9", 1000, 180, true)));    // refunded: does not count

        Verdict v = new ChargedAtMostOnce().check(s);

        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(3);
        assertThat(v.figures()).containsEntry("doubleCharges", 3.0);
        assertThat(v.examples()).containsExactly(
                "order o-9 was charged 3 times (provider transactions t-9, t-3, t-4)",
                "order o-812 was charged twice (provider transactions t-1, t-2)");
    }

    @Test
    void chargedAtMostOnceAcceptsOneStandingCharge() {
        Verdict v = new ChargedAtMostOnce().check(clean());
        assertThat(v.valid()).isTrue();
        assertThat(v.figures()).containsEntry("doubleCharges", 0.0);
    }

    @Test
    void shippedAtMostOnceCatchesADoubleShipment() {
        TradeState s = state(List.of(order("o-1", "sku-1", 1, SHIPPED),
                withShipments(order("o-2", "sku-1", 1, SHIPPED), 2)), List.of());

        Verdict v = new ShippedAtMostOnce().check(s);

        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.figures()).containsEntry("doubleShipments", 1.0);
        assertThat(v.examples()).containsExactly("order o-2 was shipped twice");
    }

    @Test
    void shippedAtMostOnceAcceptsSingleShipments() {
        assertThat(new ShippedAtMostOnce().check(clean()).valid()).isTrue();
    }

    @Test
    void salesCountedOnceCatchesOverAndUnderCounting() {
        TradeState s = new TradeState(
                List.of(order("o-1", "sku-1", 2, PAID), order("o-2", "sku-2", 1, SHIPPED),
                        order("o-3", "sku-2", 4, CLOSED)),
                List.of(), List.of(),
                Map.of("sku-1", 4L, "sku-9", 1L));   // sku-1 counted twice, sku-2 never, sku-9 sold nothing

        Verdict v = new SalesCountedOnce().check(s);

        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(4);
        assertThat(v.figures()).containsEntry("salesMiscounted", 4.0);
        assertThat(v.examples()).containsExactly(
                "sku-1: 4 units counted as sold, but paid or shipped orders hold 2 (over-counted by 2)",
                "sku-2: 0 units counted as sold, but paid or shipped orders hold 1 (under-counted by 1)",
                "sku-9: 1 units counted as sold, but paid or shipped orders hold 0 (over-counted by 1)");
    }

    @Test
    void salesCountedOnceAcceptsExactCounts() {
        assertThat(new SalesCountedOnce().check(clean()).valid()).isTrue();
    }

    @Test
    void paidAfterCloseRefundedCatchesMoneyKeptForAClosedOrder() {
        TradeState s = state(List.of(order("o-4", "sku-1", 1, CLOSED), order("o-5", "sku-1", 1, CANCELLED),
                        order("o-6", "sku-1", 1, PAID)),
                List.of(charge("t-8", "o-5", 1000, 900, false),
                        charge("t-7", "o-4", 1234, 800, false),
                        charge("t-6", "o-4", 1234, 700, true),
                        charge("t-5", "o-6", 1000, 600, false)));

        Verdict v = new PaidAfterCloseRefunded().check(s);

        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(2);
        assertThat(v.figures()).containsEntry("paidAfterCloseNotRefunded", 2.0);
        assertThat(v.examples()).containsExactly(
                "order o-4 ended CLOSED but provider transaction t-7 (12.34 at 0.800 s) was never refunded",
                "order o-5 ended CANCELLED but provider transaction t-8 (10.00 at 0.900 s) was never refunded");
    }

    @Test
    void paidAfterCloseRefundedAcceptsRefundedCharges() {
        assertThat(new PaidAfterCloseRefunded().check(clean()).valid()).isTrue();
    }

    @Test
    void restoredOnFailureCatchesMissingCompensations() {
        TradeState s = state(List.of(
                withCoupon(order("o-1", "sku-1", 2, CLOSED), "c-7", false, false),   // both missing
                withCoupon(order("o-2", "sku-1", 1, CANCELLED), "c-8", false, true),  // coupon missing
                withCoupon(order("o-3", "sku-1", 1, PAID), "c-9", false, false)),     // paid: nothing to give back
                List.of());

        Verdict v = new RestoredOnFailureAndTimeout().check(s);

        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(3);
        assertThat(v.figures()).containsEntry("stockNotRestored", 1.0).containsEntry("couponNotRestored", 2.0);
        assertThat(v.examples()).containsExactly(
                "order o-1 ended CLOSED but its 2 unit(s) of sku-1 were not returned to stock",
                "order o-1 ended CLOSED but coupon c-7 was not returned",
                "order o-2 ended CANCELLED but coupon c-8 was not returned");
    }

    @Test
    void restoredOnFailureAcceptsRestoredOrders() {
        assertThat(new RestoredOnFailureAndTimeout().check(clean()).valid()).isTrue();
    }

    @Test
    void noForgedAcceptedCatchesAcceptedForgeries() {
        TradeState s = new TradeState(List.of(order("o-1", "sku-1", 1, PAID), order("o-2", "sku-1", 1, PAID)),
                List.of(),
                List.of(notice("n-1", "o-1", false, 100), notice("n-3", "o-2", true, 1200),
                        notice("n-2", "o-1", true, 500)),
                Map.of());

        Verdict v = new NoForgedAccepted().check(s);

        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(2);
        assertThat(v.figures()).containsEntry("forgedAccepted", 2.0);
        assertThat(v.examples()).containsExactly(
                "forged notice n-2 for order o-1 was accepted at 0.500 s",
                "forged notice n-3 for order o-2 was accepted at 1.200 s");
    }

    @Test
    void noForgedAcceptedAcceptsGenuineNotices() {
        assertThat(new NoForgedAccepted().check(clean()).valid()).isTrue();
    }

    @Test
    void noIllegalTransitionCatchesIllegalAndBrokenChains() {
        TradeState s = state(List.of(
                withTransitions(order("o-1", "sku-1", 1, PAYING),
                        t(CREATED, PAYING, 100), t(PAYING, PAID, 200), t(PAID, PAYING, 2100)),   // illegal
                withTransitions(order("o-2", "sku-1", 1, PAID),
                        t(CREATED, PAYING, 100), t(PAYING, CLOSED, 900), t(PAYING, PAID, 1000))), // out of chain
                List.of());

        Verdict v = new NoIllegalTransition().check(s);

        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(2);
        assertThat(v.figures()).containsEntry("illegalTransitions", 2.0);
        assertThat(v.examples()).containsExactly(
                "order o-2 went from PAYING to PAID at 1.000 s, but it was CLOSED",
                "order o-1 went from PAID to PAYING at 2.100 s");
    }

    @Test
    void noIllegalTransitionAcceptsLegalChains() {
        assertThat(new NoIllegalTransition().check(clean()).valid()).isTrue();
    }

    @Test
    void aSnapshotRejectsAnOrderListedTwice() {
        assertThatThrownBy(() -> state(List.of(order("o-1", "sku-1", 1, PAID), order("o-1", "sku-1", 1, PAID)),
                List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("order o-1 appears twice in the snapshot");
    }

    @Test
    void onlyTheMonotoneCheckersJudgeMidRun() {
        assertThat(PaymentCheck.all().stream().filter(Checker::soundOnPrefix).map(Checker::name).toList())
                .containsExactlyInAnyOrder(ShippedAtMostOnce.NAME, NoForgedAccepted.NAME);
    }

    @Test
    void aRunWithoutATradeSnapshotIsAViolationAndOneReadBackFromJsonIsJudged() {
        Checker shipped = new PaymentCheck(new ShippedAtMostOnce());
        Verdict none = shipped.check(new CheckInput(List.of(), List.of(), List.of(), new FinalState(true, null)));
        assertThat(none.valid()).isFalse();
        assertThat(none.examples()).containsExactly("the run left no trade snapshot to judge");

        TradeState twice = state(List.of(withShipments(order("o-1", "sku-1", 1, SHIPPED), 2)), List.of());
        Object asJson = HistoryJson.MAPPER.convertValue(twice, Object.class); // as final-state.json reads back
        Verdict v = shipped.check(new CheckInput(List.of(), List.of(), List.of(), new FinalState(true, asJson)));
        assertThat(v.violations()).isEqualTo(1);
    }
}
