package shoplab.scenarios.flashsale.checks;

import shoplab.checks.Checker;
import shoplab.checks.Verdict;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.scenarios.flashsale.checks.Fixtures.*;

class StockConservationCheckerTest {

    private final Checker checker = new StockConservationChecker();

    @Test
    void catchesMissingUnits() {
        Verdict v = checker.check(input(List.of(), sku("sku-1", 100, 3, null, 92, 0, 8)));

        assertThat(v.name()).isEqualTo("stock-conserved");
        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.figures()).containsEntry("missingUnits", 5.0);
        assertThat(v.examples()).containsExactly(
                "sku-1: initial 100 != DB stock 3 + sold 92 + held 0 = 95 (5 units missing)");
    }

    @Test
    void catchesExtraUnitsAndRedisDisagreement() {
        Verdict v = checker.check(input(List.of(),
                sku("sku-1", 10, 5, 5L, 5, 0, 0),     // fine
                sku("sku-2", 10, 6, 6L, 5, 1, 0),     // 2 extra
                sku("sku-3", 10, 5, 4L, 5, 0, 0)));   // Redis disagrees

        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(2);
        assertThat(v.figures()).containsEntry("missingUnits", 2.0);
        assertThat(v.examples()).containsExactly(
                "sku-2: initial 10 != DB stock 6 + sold 5 + held 1 = 12 (2 units extra)",
                "sku-3: Redis stock 4 != DB stock 5 after the queue drained");
    }

    @Test
    void aStackThatDidNotQuiesceIsInvalid() {
        Verdict v = checker.check(input(List.of(), List.of(), 1, false, sku("sku-1", 10, 5, null, 5, 0, 0)));

        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.examples().get(0)).contains("did not quiesce");
    }

    @Test
    void conservedStockIsValid() {
        Verdict v = checker.check(input(List.of(),
                sku("sku-1", 100, 0, 0L, 97, 3, 12), sku("sku-2", 10, 10, null, 0, 0, 0)));

        assertThat(v.valid()).isTrue();
        assertThat(v.violations()).isZero();
        assertThat(v.figures()).containsEntry("missingUnits", 0.0);
    }
}
