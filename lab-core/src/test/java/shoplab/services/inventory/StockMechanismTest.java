package shoplab.services.inventory;

import org.junit.jupiter.api.Test;
import shoplab.topology.Mechanisms;

import static org.assertj.core.api.Assertions.assertThat;

/** The descriptor the topology validates against and the strategies the inventory service builds are the same. */
class StockMechanismTest {

    @Test
    void everyStrategyOfTheDescriptorIsImplementedAndNoOther() {
        assertThat(Mechanisms.get(StockMechanism.NAME).strategyNames())
                .containsExactlyInAnyOrderElementsOf(InventoryApp.STRATEGIES.keySet());
        assertThat(Mechanisms.get(StockMechanism.NAME).unsafeStrategies()).startsWith("naive")
                .containsAll(Mechanisms.get(StockMechanism.NAME).mutantNames());
    }

    @Test
    void everyMutantRemovesASafeguardItsStrategyHas() {
        for (var m : Mechanisms.get(StockMechanism.NAME).mutants()) {
            assertThat(InventoryApp.SAFEGUARDS.get(m.strategy())).as(m.name()).contains(m.safeguard());
            assertThat(Mechanisms.get(StockMechanism.NAME).strategy(m.name())).get().satisfies(s -> {
                assertThat(s.unsafe()).isTrue();
                assertThat(s.needs()).isEqualTo(Mechanisms.get(StockMechanism.NAME).strategy(m.strategy()).orElseThrow().needs());
            });
        }
        assertThat(Mechanisms.get(StockMechanism.NAME).mutantNames()).contains("db-pessimistic-without-for-update");
    }

    @Test
    void theScriptWithoutASafeguardLacksExactlyItsCheck() {
        String all = StockScripts.deduct(shoplab.services.common.Safeguards.ALL);
        assertThat(all).isEqualTo(StockScripts.DEDUCT_LUA).contains("return -1").contains("return -2");
        assertThat(StockScripts.deduct(new shoplab.services.common.Safeguards(StockScripts.STOCK_CHECK)))
                .doesNotContain("return -1").contains("return -2");
        assertThat(StockScripts.deduct(new shoplab.services.common.Safeguards(StockScripts.USER_LIMIT)))
                .contains("return -1").doesNotContain("return -2");
    }
}
