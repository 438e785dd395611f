package shoplab.scenarios.flashsale.checks;

import shoplab.checks.Checker;
import shoplab.checks.Verdict;

import org.junit.jupiter.api.Test;
import shoplab.history.Sample;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.scenarios.flashsale.checks.Fixtures.*;

class ConvergenceCheckerTest {

    private final Checker checker = new ConvergenceChecker();
    private final SkuState state = sku("sku-1", 10, 5, 5L, 5, 0, 0);

    @Test
    void catchesACacheThatNeverConverges() {
        var ops = List.of(okBuy(2_000, "u-1", "sku-1", "o-1"));
        var samples = List.of(stock(1_000, 9, 9), stock(3_000, 4, 5), stock(12_000, 3, 5));

        Verdict v = checker.check(input(ops, samples, 1, true, state));

        assertThat(v.name()).isEqualTo("converged");
        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.figures()).containsEntry("convergenceMs", -1.0);
        assertThat(v.examples()).containsExactly("Redis stock 3 and DB stock 5 still differ at the last sample (12.0 s)");
    }

    @Test
    void measuresTimeFromTheLastStockMovementToLastingAgreement() {
        var ops = List.of(okBuy(1_500, "u-1", "sku-1", "o-1"), okBuy(2_000, "u-2", "sku-1", "o-2"));
        // agrees briefly at 2.5 s, differs at 3 s, then Redis moves (a release, seen between 3 s and 4 s)
        // and the DB agrees for good from 4 s: one second after the last movement the lab saw
        var samples = List.of(stock(1_000, 9, 10), stock(2_500, 8, 8), stock(3_000, 7, 8),
                stock(4_000, 8, 8), new Sample(4_500, Map.of(Sample.REQUESTS_PER_SECOND, 0.0)), stock(5_000, 8, 8));

        Verdict v = checker.check(input(ops, samples, 1, true, state));

        assertThat(v.valid()).isTrue();
        assertThat(v.figures()).containsEntry("convergenceMs", 1_000.0);
    }

    @Test
    void withoutLaterMovementsItIsTheTimeFromTheLastSale() {
        var ops = List.of(okBuy(2_000, "u-2", "sku-1", "o-2"));
        var samples = List.of(stock(1_000, 10, 10), stock(2_500, 9, 10), stock(3_000, 9, 10), stock(3_500, 9, 9));

        Verdict v = checker.check(input(ops, samples, 1, true, state));

        assertThat(v.figures()).containsEntry("convergenceMs", 1_500.0);
    }

    @Test
    void noRedisStockMeansNothingToConverge() {
        var samples = List.of(new Sample(1_000, Map.of(Sample.DB_STOCK, 3.0)));

        Verdict v = checker.check(input(List.of(okBuy(500, "u-1", "sku-1", "o-1")), samples, 1, true, state));

        assertThat(v.valid()).isTrue();
        assertThat(v.figures()).containsEntry("convergenceMs", 0.0);
    }

    @Test
    void withoutSalesConvergenceCountsFromZero() {
        Verdict v = checker.check(input(List.of(), List.of(stock(1_000, 10, 10)), 1, true, state));

        assertThat(v.valid()).isTrue();
        assertThat(v.figures()).containsEntry("convergenceMs", 1_000.0);
    }
}
