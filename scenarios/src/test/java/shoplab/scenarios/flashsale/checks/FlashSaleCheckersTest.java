package shoplab.scenarios.flashsale.checks;

import shoplab.checks.Checker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlashSaleCheckersTest {

    @Test
    void listsTheCheckersInOrder() {
        assertThat(FlashSaleCheckers.all()).extracting(Checker::name)
                .containsExactly("no-oversell", "per-user-limit", "stock-conserved", "converged", "orders-stored-once",
                        "buffer-agrees-with-db");
    }

    /** Conservation and convergence mean something only on a quiesced stack: they must not judge mid-run. */
    @Test
    void onlyTheMonotoneCheckersJudgeMidRun() {
        assertThat(FlashSaleCheckers.all().stream().filter(Checker::soundOnPrefix).map(Checker::name).toList())
                .containsExactly(NoOversellChecker.NAME, PerUserLimitChecker.NAME);
    }
}
