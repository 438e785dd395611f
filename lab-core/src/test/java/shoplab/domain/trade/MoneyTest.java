package shoplab.domain.trade;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void addsSubtractsAndMultipliesInCents() {
        assertThat(Money.of(1234).plus(Money.of(66))).isEqualTo(Money.of(1300));
        assertThat(Money.of(1300).minus(Money.of(1300))).isEqualTo(Money.ZERO);
        assertThat(Money.of(250).times(3)).isEqualTo(Money.of(750));
        assertThat(Money.of(250).times(0)).isEqualTo(Money.ZERO);
    }

    @Test
    void printsUnitsAndTwoDigitCents() {
        assertThat(Money.of(1234)).hasToString("12.34");
        assertThat(Money.of(5)).hasToString("0.05");
        assertThat(Money.of(100)).hasToString("1.00");
        assertThat(Money.ZERO).hasToString("0.00");
    }

    @Test
    void rejectsNegatives() {
        assertThatThrownBy(() -> Money.of(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> Money.of(100).minus(Money.of(101))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("money cannot go negative: 1.00 - 1.01");
        assertThatThrownBy(() -> Money.of(100).times(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quantity cannot be negative: -2");
    }

    @Test
    void overflowThrowsInsteadOfWrapping() {
        Money max = Money.of(Long.MAX_VALUE);
        assertThatThrownBy(() -> max.plus(Money.of(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("money overflow: ")
                .hasCauseInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE / 2 + 1).times(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("money overflow: ")
                .hasMessageEndingWith(" x 2");
    }
}
