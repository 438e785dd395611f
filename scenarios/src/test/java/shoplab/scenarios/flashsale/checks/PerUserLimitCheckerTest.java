package shoplab.scenarios.flashsale.checks;

import shoplab.checks.Checker;
import shoplab.checks.Verdict;

import org.junit.jupiter.api.Test;
import shoplab.history.Outcome;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.scenarios.flashsale.checks.Fixtures.*;

class PerUserLimitCheckerTest {

    private final Checker checker = new PerUserLimitChecker();

    @Test
    void catchesAUserBuyingBeyondTheLimit() {
        var ops = List.of(
                okBuy(100, "u-17", "sku-1", "o-1"),
                okBuy(150, "u-5", "sku-1", "o-3"),
                okBuy(200, "u-17", "sku-1", "o-2"),
                okBuy(250, "u-17", "sku-2", "o-4"),                  // another SKU: its own limit
                buy(Outcome.FAIL, 300, 310, "u-5", "sku-1", null));  // refused: does not count

        Verdict v = checker.check(input(ops, List.of(), 1, true,
                sku("sku-1", 10, 8, null, 2, 0, 0), sku("sku-2", 10, 9, null, 1, 0, 0)));

        assertThat(v.name()).isEqualTo("per-user-limit");
        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.examples()).containsExactly("user u-17 bought 2 units of sku-1 (orders o-1, o-2); the limit is 1");
    }

    @Test
    void countsEveryUnitBeyondTheLimit() {
        var ops = List.of(
                okBuy(100, "u-1", "sku-1", "o-1"),
                okBuy(200, "u-1", "sku-1", "o-2"),
                okBuy(300, "u-1", "sku-1", "o-3"),
                okBuy(400, "u-1", "sku-1", "o-4"));

        Verdict v = checker.check(input(ops, List.of(), 2, true, sku("sku-1", 10, 6, null, 4, 0, 0)));

        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(2);
        assertThat(v.examples().get(0)).contains("u-1").contains("4 units of sku-1").contains("limit is 2");
    }

    @Test
    void oneUnitPerUserIsFine() {
        var ops = List.of(
                okBuy(100, "u-1", "sku-1", "o-1"),
                okBuy(200, "u-2", "sku-1", "o-2"),
                okBuy(300, "u-1", "sku-2", "o-3"),
                buy(Outcome.FAIL, 400, 410, "u-1", "sku-1", null),
                buy(Outcome.UNKNOWN, 400, 900, "u-2", "sku-1", null));

        Verdict v = checker.check(input(ops, List.of(), 1, true,
                sku("sku-1", 10, 8, null, 2, 0, 0), sku("sku-2", 10, 9, null, 1, 0, 0)));

        assertThat(v.valid()).isTrue();
        assertThat(v.violations()).isZero();
    }
}
