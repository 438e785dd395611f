package shoplab.checks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlashSaleCheckersTest {

    @Test
    void listsTheFourCheckersInOrder() {
        assertThat(FlashSaleCheckers.all()).extracting(Checker::name)
                .containsExactly("no-oversell", "per-user-limit", "stock-conserved", "converged");
    }
}
