package shoplab.scenarios.flashsale.checks;

import org.junit.jupiter.api.Test;
import shoplab.checks.CheckInput;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.history.Op;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.scenarios.flashsale.checks.Fixtures.okBuy;

/** Hand-written histories with known losses and duplicates, and the acknowledgement-to-database times. */
class OrdersStoredOnceCheckerTest {

    static CheckInput input(List<Op> ops, boolean quiesced, OrderRecords orders) {
        return new CheckInput(ops, List.of(), List.of(), new FinalState(quiesced,
                new StockSnapshot(List.of(Fixtures.sku("sku-1", 10, 8, 8L, 2, 0, 0)), 1, 0, orders)));
    }

    static OrderRecords.Stored row(String id, long created, Long stored) {
        return new OrderRecords.Stored(id, "PAID", created, stored);
    }

    @Test
    void everyAcknowledgedOrderStoredOnceHoldsAndMeasuresTheWay() {
        List<Op> ops = List.of(okBuy(100, "u-1", "sku-1", "o-1"), okBuy(110, "u-2", "sku-1", "o-2"));
        Verdict v = new OrdersStoredOnceChecker().check(input(ops, true, new OrderRecords(
                List.of(row("o-1", 1_000, 1_040L), row("o-2", 1_010, 1_310L), row("o-3", 1_020, 1_030L)), null, List.of(3L))));
        assertThat(v.valid()).as(v.examples().toString()).isTrue();
        assertThat(v.figures()).containsEntry(StockFigures.ACK_TO_DB_P50_MS, 40.0)
                .containsEntry(StockFigures.ACK_TO_DB_MAX_MS, 300.0).containsEntry(StockFigures.ORDERS_LOST, 0.0);
    }

    @Test
    void anAcknowledgedOrderInNoTableIsLostAndNamed() {
        List<Op> ops = List.of(okBuy(100, "u-1", "sku-1", "o-1"), okBuy(110, "u-2", "sku-1", "o-2"));
        Verdict v = new OrdersStoredOnceChecker().check(input(ops, true, new OrderRecords(
                List.of(row("o-1", 1_000, 1_040L)), null, List.of(1L))));
        assertThat(v.valid()).isFalse();
        assertThat(v.figures()).containsEntry(StockFigures.ORDERS_LOST, 1.0);
        assertThat(v.examples()).singleElement().asString().startsWith("o-2 (u-2, acknowledged at 110 ms) is in no order table");
    }

    @Test
    void anOrderStoredTwiceIsADuplicate() {
        List<Op> ops = List.of(okBuy(100, "u-1", "sku-1", "o-1"));
        Verdict v = new OrdersStoredOnceChecker().check(input(ops, true, new OrderRecords(
                List.of(row("o-1", 1_000, 1_040L), row("o-1", 1_000, 1_900L)), null, List.of(1L, 1L))));
        assertThat(v.valid()).isFalse();
        assertThat(v.figures()).containsEntry(StockFigures.ORDERS_DUPLICATED, 1.0);
        assertThat(v.examples()).containsExactly("o-1 is stored 2 times");
    }

    @Test
    void aStackThatDidNotDrainIsNeverAPass() {
        Verdict v = new OrdersStoredOnceChecker().check(input(List.of(), false, null));
        assertThat(v.valid()).isFalse();
        assertThat(new BufferAgreesChecker().check(input(List.of(), false, null)).valid()).isFalse();
    }

    @Test
    void theBufferAndTheDatabaseMustAgree() {
        List<OrderRecords.Stored> db = List.of(new OrderRecords.Stored("o-1", "HELD", 1, 2L),
                new OrderRecords.Stored("o-2", "PAID", 1, 2L), new OrderRecords.Stored("o-3", "RELEASED", 1, 2L));
        Verdict agree = new BufferAgreesChecker().check(input(List.of(), true, new OrderRecords(db,
                Map.of("o-1", "CREATED", "o-2", "PAID", "o-3", "RELEASED"), List.of(3L))));
        assertThat(agree.valid()).as(agree.examples().toString()).isTrue();
        assertThat(agree.figures()).containsEntry(StockFigures.BUFFERED_ORDERS, 3.0);

        Verdict apart = new BufferAgreesChecker().check(input(List.of(), true, new OrderRecords(db,
                Map.of("o-1", "CREATED", "o-2", "RELEASED", "o-4", "QUEUED"), List.of(3L))));
        assertThat(apart.valid()).isFalse();
        assertThat(apart.examples()).containsExactlyInAnyOrder("o-2: buffer RELEASED, database PAID",
                "o-4: buffer QUEUED, database no row", "o-3: database RELEASED, not in the buffer");
    }

    @Test
    void withoutABufferThereIsNothingToCompare() {
        Verdict v = new BufferAgreesChecker().check(input(List.of(), true, new OrderRecords(List.of(), null, List.of(0L))));
        assertThat(v.valid()).isTrue();
        assertThat(v.figures()).containsEntry(StockFigures.BUFFERED_ORDERS, 0.0);
    }
}
