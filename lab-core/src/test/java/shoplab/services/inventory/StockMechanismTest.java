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
        assertThat(Mechanisms.get(StockMechanism.NAME).unsafeStrategies()).containsExactly("naive");
    }
}
