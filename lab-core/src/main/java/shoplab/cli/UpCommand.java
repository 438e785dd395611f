package shoplab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import shoplab.run.Params;
import shoplab.run.Scenario;
import shoplab.stack.Stack;
import shoplab.stack.net.LatencyProxy;
import shoplab.topology.DataCenter;
import shoplab.topology.Placed;
import shoplab.topology.Topology;
import shoplab.topology.TopologyFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** {@code shoplab up}: boot a topology and keep it up until Ctrl-C, for poking at it by hand. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Boot the stack of a topology, print its entry URL and every component's port, run until Ctrl-C.")
final class UpCommand implements Callable<Integer> {

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--scenario", defaultValue = "flash-sale",
            description = "the scenario whose data (SKUs, stock, holds) the stack is set up with (default: ${DEFAULT-VALUE})")
    String scenarioName;

    @Option(names = "--strategy", paramLabel = "NAME",
            description = "the scenario's strategy to boot with (default: the topology's)")
    String strategy;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a scenario parameter (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "the seed of the stack's random choices (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        // The topology's errors first (they name file and line); its default is the scenario's, when it exists.
        TopologyFile loadedTopology = topologyOption.load(shoplab.run.Scenarios.find(scenarioName)
                .map(Scenario::defaultTopology).orElse("single-dc.yaml"));
        Topology topology = loadedTopology.topology();
        Scenario scenario = Inputs.scenario(scenarioName);
        if (strategy != null) {
            if (!scenario.runs(strategy)) {
                throw new ShopLabCli.UsageError("unknown strategy '" + strategy + "' (expected one of: "
                        + String.join(", ", scenario.strategies()) + ", or a mutant: shoplab list)");
            }
            topology = scenario.configure(topology, strategy);
            List<shoplab.topology.Wiring.Missing> missing = shoplab.topology.Wiring.missing(topology);
            if (!missing.isEmpty()) {
                throw new ShopLabCli.UsageError(loadedTopology.file() + ": with " + scenario.mechanism()
                        + " strategy " + strategy + ", " + missing.get(0).what());
            }
        }
        Params params = Inputs.params(scenario, sets);
        Path work = Files.createTempDirectory("shoplab-");
        // Registered before the boot, so that Ctrl-C during it waits for the boot and closes the stack too.
        AtomicReference<Stack> up = new AtomicReference<>();
        CountDownLatch booted = new CountDownLatch(1);
        CountDownLatch down = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.err.println("shoplab: stopping: the edge, the services, then the stores");
            try {
                booted.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Stack s = up.get();
            if (s != null) {
                s.close(); // in dependency order (Stack.inStopOrder); Kafka's files go once it has stopped
            }
            System.err.println("shoplab: stopped");
            down.countDown();
        }, "shoplab-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Stack stack;
        try {
            stack = Stack.boot(topology, scenario.stackOptions(params, seed, work), s -> System.err.println("  " + s));
            up.set(stack);
        } catch (Exception | Error e) { // the boot stopped what it started and deleted the folder
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs already, and finds no stack
            }
            throw e;
        } finally {
            booted.countDown();
        }
        System.out.println("ShopLab stack '" + topology.name() + "' is up for " + scenario.name() + " ("
                + scenario.mechanism() + " strategy " + topology.strategies().getOrDefault(scenario.mechanism(), "default")
                + ").");
        String entry = stack.traffic().map(t -> "the traffic manager, sending users to " + t.active()
                        + "; switch by hand: a fault step NN s:switch:DC in 'run', or kill " + t.active())
                .orElse("CDN of " + topology.entryDataCenter().name());
        System.out.println("entry (" + entry + "): " + stack.entryUrl() + "   booted in " + stack.bootMillis() + " ms");
        stack.replicas().ifPresent(r -> System.out.println("replication (" + r.replication().mode() + "): "
                + r.primary().dc() + " -> " + String.join(", ", r.replicas().stream().map(shoplab.stack.Replicas.Site::dc).toList())));
        for (String example : scenario.tryByHand(stack.entryUrl(), params)) {
            System.out.println("  try: " + example);
        }
        printParts(stack, topology);
        System.out.println("Ctrl-C stops everything.");
        down.await();
        return ExitCodes.OK;
    }

    /** Every part, grouped by data center: instances and balancers with their ports, then the links they call out on. */
    static void printParts(Stack stack, Topology topology) {
        List<Stack.Part> parts = stack.placedParts();
        for (DataCenter dc : topology.dataCenters()) {
            System.out.println(dc.name() + " (" + dc.role() + ")");
            for (Stack.Part p : parts) {
                if (p.dataCenter().equals(dc.name()) && !(p.lifecycle() instanceof LatencyProxy)) {
                    System.out.printf("  %-33s port %5d  %s%n", p.name(), p.lifecycle().port(),
                            (p.lifecycle().isUp() ? "up" : "DOWN") + (p.tier() == Stack.Tier.LINK ? " (balancer)" : ""));
                }
            }
            for (Stack.Part p : parts) {
                if (p.dataCenter().equals(dc.name()) && p.lifecycle() instanceof LatencyProxy l) {
                    System.out.printf("  link %-28s port %5d  %.2f ms one way%n", l.name(), l.port(), l.latencyMs());
                }
            }
            for (Placed idle : stack.idle()) {
                if (idle.dataCenter().equals(dc)) {
                    System.out.printf("  %-33s not booted (this scenario does not use it)%n", idle.id());
                }
            }
        }
    }
}
