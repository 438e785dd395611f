package shoplab.services.trade;

import org.junit.jupiter.api.Test;
import shoplab.topology.Mechanism;
import shoplab.topology.Mechanisms;

import static org.assertj.core.api.Assertions.assertThat;

/** The descriptor the topology validates against and the guards the service runs are the same three. */
class PaymentGuardMechanismTest {

    @Test
    void everyStrategyOfTheDescriptorIsAGuardAndOnlyTheUnsafeOneLacksTheSafeguards() {
        Mechanism m = Mechanisms.get(PaymentGuardMechanism.NAME);
        assertThat(m.strategyNames()).containsExactlyInAnyOrderElementsOf(PaymentGuard.ALL.keySet());
        for (Mechanism.Strategy s : m.strategies()) {
            PaymentGuard g = PaymentGuard.named(s.name());
            assertThat(g.name()).isEqualTo(s.name());
            assertThat(!g.uniqueTradeKey() && g.newPaymentWhilePaying() && !g.refundsRivalPayment())
                    .as(s.name() + " lacks every safeguard exactly when it is unsafe by design").isEqualTo(s.unsafe());
        }
    }

    @Test
    void everyMutantIsItsGuardWithExactlyOneSafeguardOff() {
        Mechanism m = Mechanisms.get(PaymentGuardMechanism.NAME);
        assertThat(m.mutants()).isNotEmpty();
        for (Mechanism.Mutant mutant : m.mutants()) {
            assertThat(PaymentGuard.SAFEGUARDS.get(mutant.strategy())).as(mutant.name()).contains(mutant.safeguard());
            PaymentGuard g = PaymentGuard.named(mutant.name());
            assertThat(g.name()).isEqualTo(mutant.strategy());
            assertThat(g.safeguards().on(mutant.safeguard())).isFalse();
            assertThat(PaymentGuard.SAFEGUARDS.get(mutant.strategy())).filteredOn(x -> !x.equals(mutant.safeguard()))
                    .allSatisfy(other -> assertThat(g.safeguards().on(other)).isTrue());
        }
        assertThat(m.unsafeStrategies()).containsAll(m.mutantNames());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PaymentGuard.named("optimistic-without-nothing"))
                .hasMessageContaining("unknown payment guard");
    }
}
