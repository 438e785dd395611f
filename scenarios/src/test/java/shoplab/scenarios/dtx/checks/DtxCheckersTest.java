package shoplab.scenarios.dtx.checks;

import org.junit.jupiter.api.Test;
import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.history.HistoryJson;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.scenarios.dtx.checks.DtxFixtures.COUPON;
import static shoplab.scenarios.dtx.checks.DtxFixtures.STOCK;
import static shoplab.scenarios.dtx.checks.DtxFixtures.stores;

/** A consistent run and one run per violation, each failing exactly the checker it belongs to. */
class DtxCheckersTest {

    /** Paid (tcc and 2pc, with and without coupon), failed, void (empty rollback) and pending purchases. */
    private static DtxFixtures.Builder consistent() {
        return stores()
                .paid("p-1", "sku-1", "c-1", 1000)
                .taken("p-2", "sku-2", null, 2000)
                .failed("p-3", "sku-1", "c-2", 3000)
                .voided("p-4", "sku-2", "c-3", 4000)
                .paid("p-5", "sku-2", null, 5000)
                .failed("p-6", "sku-2", null, 6000)
                .pendingPurchase("p-7", "sku-1", 7000);
    }

    private static Map<String, Verdict> verdicts(DtxState state) {
        return DtxCheckers.all().stream().map(c -> ((DtxChecker) c).check(state))
                .collect(Collectors.toMap(Verdict::name, v -> v));
    }

    /** The names of the checkers that reject the state. */
    private static Set<String> failing(DtxState state) {
        return verdicts(state).values().stream().filter(v -> !v.valid()).map(Verdict::name).collect(Collectors.toSet());
    }

    private static Verdict only(String checker, DtxState state) {
        assertThat(failing(state)).containsExactly(checker);
        Verdict v = verdicts(state).get(checker);
        assertThat(v.violations()).isPositive();
        assertThat(v.examples()).isNotEmpty();
        return v;
    }

    private static CheckInput run(boolean quiesced, Object snapshot) {
        return new CheckInput(List.of(), List.of(), List.of(), new FinalState(quiesced, snapshot));
    }

    @Test
    void allListsTheCheckersInReportOrder() {
        assertThat(DtxCheckers.all()).extracting(Checker::name).containsExactly(
                "all-or-nothing", "nothing-used-twice", "effects-once", "in-doubt-resolved");
        assertThat(DtxCheckers.all()).extracting(Checker::soundOnPrefix).containsOnly(false);
    }

    @Test
    void aConsistentRunPassesEveryChecker() {
        DtxState state = consistent().build();
        for (Checker checker : DtxCheckers.all()) {
            Verdict v = checker.check(run(true, state));
            assertThat(v.valid()).as(checker.name() + ": " + v.examples()).isTrue();
            assertThat(v.violations()).isZero();
            assertThat(v.examples()).isEmpty();
            assertThat(v.name()).isEqualTo(checker.name());
        }
        Map<String, Verdict> v = verdicts(state);
        assertThat(v.get(AllOrNothing.NAME).figures()).containsEntry("purchases", 7.0).containsEntry("paid", 3.0)
                .containsEntry("failed", 3.0).containsEntry("inconsistent", 0.0);
        assertThat(v.get(EffectsOnce.NAME).figures()).containsEntry("effects", 15.0);
        assertThat(v.get(InDoubtResolved.NAME).figures()).containsEntry("inDoubt", 0.0);
    }

    @Test
    void theStateReadsBackFromBundleJson() {
        DtxState state = consistent().build();
        Object json = HistoryJson.MAPPER.readValue(HistoryJson.MAPPER.writeValueAsString(state), Object.class);
        assertThat(json).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("purchases", "stock", "coupon", "pending");
        assertThat(new FinalState(true, json).snapshot(DtxState.class)).isEqualTo(state);
        for (Checker checker : DtxCheckers.all()) {
            assertThat(checker.check(run(true, json)).valid()).isTrue();
        }
    }

    @Test
    void aStackThatDidNotQuiesceIsNotJudged() {
        DtxState state = consistent().pending(new Pending(2, 0, 0, 0)).build();
        for (Checker checker : DtxCheckers.all()) {
            Verdict v = checker.check(run(false, state));
            assertThat(v.valid()).as(checker.name()).isFalse();
            assertThat(v.examples().get(0)).startsWith("the stack did not quiesce in time");
        }
        assertThat(new AllOrNothing().check(run(false, state)).examples())
                .containsExactly("the stack did not quiesce in time: the purchases and their holds were not judged");
        // what is left undecided is judged anyway: it is why the stack did not drain
        Verdict inDoubt = new InDoubtResolved().check(run(false, state));
        assertThat(inDoubt.violations()).isEqualTo(3);
        assertThat(inDoubt.examples()).containsExactly("the stack did not quiesce in time",
                "2 XA branches still prepared (in doubt)");
    }

    @Test
    void aRunWithoutSnapshotIsAViolation() {
        for (Checker checker : DtxCheckers.all()) {
            Verdict v = checker.check(run(true, null));
            assertThat(v.valid()).isFalse();
            assertThat(v.examples()).containsExactly("the run left no distributed-tx snapshot to judge");
        }
    }

    // all-or-nothing

    @Test
    void allOrNothingCatchesAPaidPurchaseWhoseCouponWasReturned() {
        DtxState state = consistent().paid("p-17", "sku-1", "c-4", 8000)
                .hold(COUPON, "p-17", "c-4", Hold.RETURNED)
                .journal(COUPON, "p-17", Effect.RESERVE, 8150, Effect.CANCEL, 8400)
                .build();
        Verdict v = only(AllOrNothing.NAME, state);
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.examples()).containsExactly("purchase p-17 is PAID but its coupon c-4 was RETURNED");
        assertThat(v.figures()).containsEntry("inconsistent", 1.0).containsEntry("paid", 4.0);
    }

    @Test
    void allOrNothingCatchesAFailedPurchaseWhoseStockIsStillHeld() {
        DtxState state = consistent()
                .hold(STOCK, "p-3", "sku-1", Hold.HELD)
                .journal(STOCK, "p-3", Effect.RESERVE, 3100)
                .build();
        Verdict v = only(AllOrNothing.NAME, state);
        assertThat(v.examples()).containsExactly("purchase p-3 is FAILED but its unit of sku-1 is still HELD");
    }

    @Test
    void allOrNothingCatchesAHoldWithNoTradeRow() {
        DtxState state = consistent()
                .hold(STOCK, "p-9", "sku-2", Hold.HELD)
                .effects(STOCK, "p-9", Effect.RESERVE, 900)
                .build();
        Verdict v = only(AllOrNothing.NAME, state);
        assertThat(v.examples()).containsExactly(
                "purchase p-9 has no trade row but its unit of sku-2 is still HELD (gone with no order)");
    }

    @Test
    void allOrNothingNamesTheFirstPurchaseFirstAndEveryDisagreement() {
        DtxState state = consistent()
                .hold(STOCK, "p-5", "sku-2", Hold.HELD)              // paid, never confirmed
                .hold(STOCK, "p-1", "sku-1", Hold.RETURNED)          // paid, given back...
                .hold(COUPON, "p-1", "c-1", Hold.VOID)               // ...and the coupon never reserved
                .hold(COUPON, "p-2", "c-99", Hold.TAKEN)             // paid without coupon, yet one taken
                .hold(COUPON, "p-7", "c-5", Hold.HELD)               // pending, holding a coupon
                .free(STOCK, "sku-2", 3).free(STOCK, "sku-1", 10)
                .build();
        Verdict v = new AllOrNothing().check(state);
        assertThat(v.violations()).isEqualTo(4);
        assertThat(v.examples()).containsExactly(
                "purchase p-1 is PAID but its unit of sku-1 was RETURNED and its coupon c-1 was VOID",
                "purchase p-2 is PAID but it used no coupon, yet its coupon c-99 is TAKEN",
                "purchase p-5 is PAID but its unit of sku-2 is still HELD (never confirmed)",
                "purchase p-7 is PENDING but its coupon c-5 is still HELD");
    }

    @Test
    void allOrNothingCatchesAPaidPurchaseThatTookAnotherItem() {
        DtxState state = consistent().hold(STOCK, "p-5", "sku-1", Hold.TAKEN).build();
        assertThat(new AllOrNothing().check(state).examples())
                .containsExactly("purchase p-5 is PAID but a unit of sku-1 is TAKEN for it instead of sku-2");
    }

    // nothing-used-twice

    @Test
    void nothingUsedTwiceCatchesUnitsNotConserved() {
        DtxState state = consistent().free(STOCK, "sku-1", 7).build();
        Verdict v = only(NothingUsedTwice.NAME, state);
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.examples()).containsExactly(
                "stock sku-1: initial 10 - free 7 = 3 units out, but 1 hold is HELD or TAKEN (2 units gone with no hold)");
        assertThat(v.figures()).containsEntry("unitsOff", 2.0);
    }

    @Test
    void nothingUsedTwiceCatchesACouponTakenByTwoPurchases() {
        DtxState state = consistent().paid("p-11", "sku-2", "c-1", 9000).free(COUPON, "c-1", 0).build();
        Verdict v = only(NothingUsedTwice.NAME, state);
        assertThat(v.examples().get(0)).isEqualTo("coupon c-1 is used by 2 purchases (p-1 TAKEN, p-11 TAKEN)");
        assertThat(v.examples()).hasSize(2); // and one unit out for two holds
        assertThat(v.figures()).containsEntry("couponsShared", 1.0);
    }

    @Test
    void nothingUsedTwiceCatchesNegativeFreeUnitsAndHoldsOfUnknownItems() {
        DtxState state = consistent().free(STOCK, "sku-2", -1).hold(STOCK, "p-6", "sku-7", Hold.HELD).build();
        Verdict v = new NothingUsedTwice().check(state);
        assertThat(v.examples()).contains("stock sku-2 has -1 free units (initial 5)",
                "stock holds 1 unit of sku-7, an item it does not have (purchases p-6)");
    }

    // effects-once

    @Test
    void effectsOnceCatchesAConfirmAppliedTwice() {
        DtxState state = consistent().effects(STOCK, "p-5", Effect.CONFIRM, 5900).build();
        Verdict v = only(EffectsOnce.NAME, state);
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.examples()).containsExactly("stock applied confirm for purchase p-5 twice");
        assertThat(v.figures()).containsEntry("effects", 16.0).containsEntry("effectsRepeated", 1.0);
    }

    @Test
    void effectsOnceCatchesConfirmAndCancelForOnePurchase() {
        DtxState state = consistent().effects(COUPON, "p-1", Effect.CANCEL, 1400).build();
        Verdict v = only(EffectsOnce.NAME, state);
        assertThat(v.examples()).containsExactly("coupon applied both confirm and cancel for purchase p-1");
    }

    @Test
    void effectsOnceCatchesTakeAndCancelAndATryAfterItsVoidOrderedByTime() {
        DtxState state = consistent()
                .effects(STOCK, "p-4", Effect.RESERVE, 4500)       // a late try got through the fence
                .effects(STOCK, "p-2", Effect.CANCEL, 2500)
                .build();
        assertThat(new EffectsOnce().check(state).examples()).containsExactly(
                "stock applied both take and cancel for purchase p-2",
                "stock applied both reserve and void for purchase p-4");
    }

    // in-doubt-resolved

    @Test
    void inDoubtResolvedCatchesAPreparedXaBranchLeft() {
        DtxState state = consistent().pending(new Pending(2, 0, 0, 0)).build();
        Verdict v = only(InDoubtResolved.NAME, state);
        assertThat(v.violations()).isEqualTo(2);
        assertThat(v.examples()).containsExactly("2 XA branches still prepared (in doubt)");
        assertThat(v.figures()).containsEntry("inDoubt", 2.0);
    }

    @Test
    void inDoubtResolvedNamesEachKindLeft() {
        Verdict v = new InDoubtResolved().check(consistent().pending(new Pending(0, 1, 3, 1)).build());
        assertThat(v.violations()).isEqualTo(5);
        assertThat(v.examples()).containsExactly("1 TCC transaction neither confirmed nor cancelled",
                "3 outbox rows never sent", "1 half message neither committed nor rolled back");
        Verdict none = new InDoubtResolved().check(new DtxState(List.of(), null, null, null));
        assertThat(none.valid()).isFalse();
    }

    // inconsistency window

    @Test
    void inconsistencyWindowSpansEachPurchaseFirstToLastChange() {
        DtxState state = new DtxState(
                List.of(new Purchase("a", "sku-1", "c-1", Purchase.PAID, 100, 450),
                        new Purchase("b", "sku-1", null, Purchase.PENDING, 1000, 0),
                        new Purchase("d", "sku-1", null, Purchase.FAILED, 2000, 2010)),   // no effect: not measured
                new Participant("stock", List.of(), List.of(),
                        List.of(new Effect("a", Effect.RESERVE, 150), new Effect("b", Effect.RESERVE, 1020),
                                new Effect("a", Effect.CONFIRM, 400), new Effect("c", Effect.RESERVE, 5000),
                                new Effect("c", Effect.CANCEL, 5070))),
                new Participant("coupon", List.of(), List.of(),
                        List.of(new Effect("a", Effect.RESERVE, 180), new Effect("a", Effect.CONFIRM, 420))),
                Pending.NONE);
        // a: 100 -> 450 = 350; b: 1000 -> 1020 = 20 (undecided); c (no trade row): 5000 -> 5070 = 70
        assertThat(InconsistencyWindow.figures(state)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "windowCount", 3.0, "windowP50Ms", 70.0, "windowP99Ms", 350.0, "windowMaxMs", 350.0));
        assertThat(InconsistencyWindow.figures(new FinalState(true, state))).isEqualTo(InconsistencyWindow.figures(state));
    }

    @Test
    void inconsistencyWindowOfTheConsistentRun() {
        // p-1 1000->1300, p-2 2000->2100, p-3 3000->3400, p-4 4000->4120, p-5 5000->5300, p-6 6000->6400; p-7 none
        assertThat(InconsistencyWindow.figures(consistent().build())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "windowCount", 6.0, "windowP50Ms", 300.0, "windowP99Ms", 400.0, "windowMaxMs", 400.0));
        assertThat(InconsistencyWindow.figures(stores().build())).containsExactlyEntriesOf(Map.of("windowCount", 0.0));
        assertThat(InconsistencyWindow.figures((FinalState) null)).isEmpty();
    }
}
