package shoplab.scenarios.failover.checks;

import shoplab.checks.CheckInput;
import shoplab.scenarios.flashsale.checks.StockSnapshot;

import java.util.List;

/**
 * The stores after a failover, as the data center serving at the end holds them: its stock (the flash
 * sale's snapshot) and every order id its order database has.
 *
 * @param activeDc the data center the traffic manager sent users to at the end
 * @param stock    stock, held and sold units in that data center
 * @param orderIds every order its order database holds
 */
public record FailoverSnapshot(String activeDc, StockSnapshot stock, List<String> orderIds) {

    public FailoverSnapshot {
        orderIds = List.copyOf(orderIds);
    }

    static FailoverSnapshot of(CheckInput input) {
        return input.finalState().snapshot(FailoverSnapshot.class);
    }
}
