package shoplab.services.payment;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StormTest {

    static final Storm HALF = new Storm(42, 0.3, 0.3, 500, 0.3, 2, 0.3, 4, 0.3, 0.3);

    static List<Storm.Decision> decisions(Storm s) {
        List<Storm.Decision> out = new ArrayList<>();
        IntStream.range(0, 1000).forEach(i -> out.add(s.decide("shoplab", "pay-" + i)));
        return out;
    }

    @Test
    void theSameSeedDecidesTheSameWhateverTheOrderOfPayments() {
        List<Storm.Decision> forward = decisions(HALF);
        for (int i = 999; i >= 0; i--) {
            assertThat(HALF.decide("shoplab", "pay-" + i)).isEqualTo(forward.get(i));
        }
        Storm otherSeed = new Storm(43, 0.3, 0.3, 500, 0.3, 2, 0.3, 4, 0.3, 0.3);
        assertThat(decisions(otherSeed)).isNotEqualTo(forward);
    }

    @Test
    void eachBehaviourHappensAtAboutItsRate() {
        List<Storm.Decision> d = decisions(HALF);
        assertThat(d.stream().filter(Storm.Decision::fail).count()).isBetween(250L, 350L);
        assertThat(d.stream().filter(Storm.Decision::late).count()).isBetween(250L, 350L);
        assertThat(d.stream().filter(x -> x.duplicates() == 2).count()).isBetween(250L, 350L);
        assertThat(d.stream().filter(x -> x.concurrent() == 4).count()).isBetween(250L, 350L);
        assertThat(d.stream().filter(x -> x.forgery() != Forgery.NONE).count()).isBetween(250L, 350L);
        assertThat(d.stream().filter(x -> x.forgery() != Forgery.NONE).map(Storm.Decision::forgery).distinct())
                .containsExactlyInAnyOrder(Forgery.BAD_SIGNATURE, Forgery.WRONG_KEY, Forgery.UNSIGNED);
        // a failed payment has no SUCCESS for an older FAIL to follow
        assertThat(d).noneMatch(x -> x.fail() && x.outOfOrder());
        assertThat(d.stream().filter(Storm.Decision::outOfOrder).count()).isBetween(150L, 260L);
    }

    @Test
    void aCalmProviderBehaves() {
        assertThat(decisions(Storm.CALM)).allMatch(x -> x.equals(new Storm.Decision(false, false, 0, 0, false, Forgery.NONE)));
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new Storm(1, 1.5, 0, 0, 0, 0, 0, 0, 0, 0)).hasMessageContaining("failRate");
        assertThatThrownBy(() -> new Storm(1, 0, 0.5, 0, 0, 0, 0, 0, 0, 0)).hasMessageContaining("lateMs");
        assertThatThrownBy(() -> new Storm(1, 0, 0, 0, 0.5, 17, 0, 0, 0, 0)).hasMessageContaining("duplicateCount");
        assertThatThrownBy(() -> new Storm(1, 0, 0, 0, 0, 0, 0.5, 1, 0, 0)).hasMessageContaining("concurrentCount");
        assertThatThrownBy(() -> new Storm(1, 0, 0, 0, 0, 0, 0, 0, Double.NaN, 0)).hasMessageContaining("outOfOrderRate");
    }
}
