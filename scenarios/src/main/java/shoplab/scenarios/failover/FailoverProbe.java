package shoplab.scenarios.failover;

import shoplab.run.Probe;
import shoplab.run.ServiceJson;
import shoplab.scenarios.failover.checks.FailoverSnapshot;
import shoplab.scenarios.flashsale.StockProbe;
import shoplab.scenarios.flashsale.checks.StockSnapshot;
import shoplab.stack.Stack;
import shoplab.topology.ComponentKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The failover's stack as the serving data center sees it: the flash sale's stock readings (the stack's
 * sampling reads the active data center first, so after a switch the promoted one), and at the end every
 * order id its order database holds, for the lost-order check.
 */
final class FailoverProbe implements Probe {

    private final Stack stack;
    private final ServiceJson http;
    private final StockProbe stock;

    FailoverProbe(Stack stack, ServiceJson http, StockProbe stock) {
        this.stack = stack;
        this.http = http;
        this.stock = stock;
    }

    @Override
    public Reading read() throws IOException, InterruptedException {
        StockProbe.Reading r = stock.read();
        return new Reading() {
            @Override
            public Map<String, Double> figures() {
                return r.figures();
            }

            @Override
            public boolean quiet() {
                return r.quiet();
            }

            @Override
            public Object backlog() {
                return r.backlog();
            }

            @Override
            public FailoverSnapshot snapshot() throws IOException, InterruptedException {
                StockSnapshot s = r.snapshot();
                List<String> ids = new ArrayList<>();
                http.get(stack.serviceUrl(ComponentKind.ORDER_SERVICE) + "/internal/orders/ids").path("orderIds")
                        .forEach(id -> ids.add(id.asString()));
                return new FailoverSnapshot(stack.activeDataCenter().name(), s, ids);
            }
        };
    }

    @Override
    public long quiesceBoundMillis() {
        return stock.quiesceBoundMillis();
    }
}
