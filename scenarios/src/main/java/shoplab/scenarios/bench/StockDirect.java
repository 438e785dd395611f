package shoplab.scenarios.bench;

import shoplab.run.Params;
import shoplab.stack.Stack;
import shoplab.scenarios.flashsale.SaleStack;
import shoplab.stack.StackOptions;
import shoplab.topology.ComponentKind;

import java.net.URI;
import java.nio.file.Path;

/**
 * A benchmark, not a business scenario: sold-out deductions sent straight to the inventory service, no
 * edge and no order service in front. Sold out is the path most of a flash sale's attempts take; here it
 * shows what each stock strategy costs by itself, with the links to Redis and the DB as the topology
 * says, before the HTTP path in front of it caps the rate.
 */
public final class StockDirect extends BenchmarkScenario {

    public static final String NAME = "stock-direct";

    public StockDirect() {
        super(6);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Benchmark: sold-out deductions straight at the inventory service (no edge); each strategy's own cost.";
    }

    @Override
    public String measuredOperation() {
        return DeductSimulation.OP;
    }

    @Override
    public URI target(Stack stack) {
        return URI.create(stack.serviceUrl(ComponentKind.INVENTORY_SERVICE));
    }

    @Override
    public String simulationClass() {
        return DeductSimulation.class.getName();
    }

    /** No stock at all: every deduction is refused, so nothing is written and nothing needs judging. */
    @Override
    public StackOptions stackOptions(Params params, long seed, Path workDir) {
        return SaleStack.of(workDir, DeductSimulation.SKU + ":0", 1, HOLD_MILLIS).build();
    }

}
