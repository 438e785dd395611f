package shoplab.run;

import shoplab.history.Sample;
import shoplab.stack.Stack;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Takes the timeline's samples: the requests the edge served per second (every stack has one), the cores
 * each part of the stack used ({@link CpuByPart}), how far
 * each replica is behind (where the topology replicates), the scenario's own figures from its {@link Probe}, and, when live checks are due, their violation counts on
 * the history so far and the stores now.
 */
final class StackSampler {

    private final Stack stack;
    private final Probe probe;
    private final LiveChecks live;
    private final CounterRate requests = new CounterRate();
    /** Per edge component ({@code dc-b/proxy}): what its instances served, for its own node in the console. */
    private final Map<String, CounterRate> perComponent = new HashMap<>();

    private final CpuByPart cpu;

    StackSampler(Stack stack, Probe probe, LiveChecks live) {
        this.stack = stack;
        this.probe = probe;
        this.live = live;
        this.cpu = new CpuByPart(stack);
    }

    /** A sample for the timeline; figures a down service cannot give are left out. */
    Sample sample(long atMs) {
        LiveChecks.Prefix prefix = live.snapshot(atMs);
        Map<String, Double> v = new HashMap<>();
        requests.put(v, Sample.REQUESTS_PER_SECOND, stack.proxiedRequests());
        stack.servedByComponent().forEach((id, served) ->
                perComponent.computeIfAbsent(id, k -> new CounterRate()).put(v, id + "." + Sample.REQUESTS_PER_SECOND, served));
        stack.replicas().ifPresent(r -> v.putAll(r.figures()));
        v.putAll(cpu.sample());
        try {
            Probe.Reading r = probe.read();
            v.putAll(r.figures());
            if (prefix != null) {
                v.putAll(prefix.violations(r.snapshot()));
            }
        } catch (IOException e) {
            // a service is down (a fault, or stopping): the sample carries what could be read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Sample(atMs, v);
    }
}
