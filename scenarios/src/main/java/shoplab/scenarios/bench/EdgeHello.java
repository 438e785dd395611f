package shoplab.scenarios.bench;

import shoplab.run.Params;
import shoplab.scenarios.flashsale.SaleStack;
import shoplab.stack.StackOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * A benchmark baseline, not a business scenario: a no-op endpoint of the order service requested through
 * the whole edge (CDN, LVS, reverse proxy) by a fixed number of concurrent users. Its rate is the ceiling
 * the edge and the service framework put on any purchase rate on this machine.
 */
public class EdgeHello extends BenchmarkScenario {

    public static final String NAME = "edge-hello";

    public EdgeHello() {
        super(8);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Benchmark baseline: GET a no-op endpoint through the whole edge; the ceiling for any purchase rate.";
    }

    /**
     * The same no-op straight at the order service's Tomcat, no edge in front: with {@link EdgeHello} in one
     * run, what the three stand-in hops (CDN, LVS, reverse proxy) cost.
     */
    public static final class Direct extends EdgeHello {

        public static final String NAME = "direct-hello";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "Benchmark baseline: GET the no-op endpoint straight at the order service (no edge); what the edge costs.";
        }

        @Override
        public java.net.URI target(shoplab.stack.Stack stack) {
            return java.net.URI.create(stack.serviceUrl(shoplab.topology.ComponentKind.ORDER_SERVICE));
        }
    }

    @Override
    public String measuredOperation() {
        return HelloSimulation.OP;
    }

    /** The stock strategy does not matter to a no-op endpoint; the lightest stack boots fastest. */
    @Override
    public List<String> strategies() {
        return List.of("db-optimistic");
    }

    @Override
    public String simulationClass() {
        return HelloSimulation.class.getName();
    }

    @Override
    public StackOptions stackOptions(Params params, long seed, Path workDir) {
        return SaleStack.of(workDir, "sku-1:1", 1, HOLD_MILLIS).build();
    }

}
