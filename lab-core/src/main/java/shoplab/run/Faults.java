package shoplab.run;

import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.stack.Lifecycle;
import shoplab.stack.Stack;
import shoplab.stack.net.LatencyProxy;

import shoplab.topology.DataCenter;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Breaks and heals a running stack, and records every action in the run's history as a fault event, so a
 * fault from a script and one from a person's click land on the same timeline and in the same report.
 * What breaks ({@link Lifecycle} parts, {@link LatencyProxy} links) is the stack's; when is the caller's.
 */
public final class Faults {

    /** Event actions; a window opened by kill, slow or cut is closed by the next heal of the same target. */
    public static final String KILL = "kill";
    public static final String SLOW = "slow";
    public static final String CUT = "cut";
    public static final String HEAL = "heal";
    public static final String PARTITION = "partition";
    public static final String ISOLATE = "isolate";
    public static final String OPEN = "open";

    private final Stack stack;
    private final History history;
    private final LongSupplier clockMs;
    /** Each slowed link's latency before the first slow, restored by heal. */
    private final Map<String, Double> baseLatency = new HashMap<>();

    /** @param clockMs the run's lab clock: milliseconds since the run started */
    public Faults(Stack stack, History history, LongSupplier clockMs) {
        this.stack = stack;
        this.history = history;
        this.clockMs = clockMs;
        stack.traffic().ifPresent(t -> t.listen(this::record)); // the switch's steps share the timeline
    }

    /**
     * Cuts a data center off from every other site and the traffic manager (the failover's partition mode):
     * its parts live on, nobody reaches them; {@link #heal} on the data center's name ends it.
     */
    public void isolate(String dc) {
        List<LatencyProxy> cut = crossingOutOf(dc);
        cut.forEach(LatencyProxy::cut);
        record(ISOLATE, dc, "cut " + cut.size() + " links");
    }

    /** Moves the users, the write lease and the primary stores to a replica data center (the traffic manager's manual switch). */
    public void switchTo(String dc) throws Exception {
        stack.traffic().orElseThrow(() -> new IllegalArgumentException("this stack has no traffic manager to switch"))
                .switchTo(dc, "by hand");
    }

    /** Brings a data center a switch left behind back as a replica of the promoted one (refused, and why, when it cannot). */
    public void rejoin(String dc) throws Exception {
        stack.traffic().orElseThrow(() -> new IllegalArgumentException("this stack has no traffic manager")).rejoin(dc);
    }

    private List<LatencyProxy> crossingOutOf(String dc) {
        if (stack.topology().dataCenter(dc).isEmpty()) {
            throw new IllegalArgumentException("no data center '" + dc + "'");
        }
        return stack.linksCrossing(dc);
    }

    /**
     * Crashes what a target names (connections reset, nothing flushed): one instance ({@code proxy-2}), a
     * component with all its instances ({@code dc-a/order}), or a whole data center ({@code dc-a}), its edge
     * first and its stores last, as its power going off would look from outside.
     */
    public void kill(String target) {
        long at = clockMs.getAsLong(); // when the power went: the parts die one after another from here
        List<Stack.Part> parts = Stack.inStopOrder(instances(target));
        List<String> failed = new ArrayList<>();
        for (Stack.Part p : parts) {
            try {
                p.lifecycle().kill();
            } catch (RuntimeException e) { // one part's trouble must not leave the rest of a data center up
                failed.add(p.name() + ": " + e.getMessage());
            }
        }
        history.append(new FaultEvent(at, KILL, target, (parts.size() == 1 ? "killed" : "killed " + parts.size() + " parts")
                + (failed.isEmpty() ? "" : "; failed: " + String.join("; ", failed))));
    }

    /** Starts what a kill stopped again, on the old ports, stores first; this heals its kill. */
    public void restart(String target) throws Exception {
        List<Stack.Part> parts = new ArrayList<>(instances(target));
        parts.sort(Comparator.comparing(Stack.Part::tier));
        for (Stack.Part p : parts) {
            p.lifecycle().start();
        }
        record(HEAL, target, parts.size() == 1 ? "restarted" : "restarted " + parts.size() + " parts");
    }

    /**
     * Opens a fault window inside a service ({@code trade/hold}: the component, then the window's name): every
     * instance of it is told so on {@code /internal/lab/windows/<name>}, and acts on it until {@link #heal} on
     * the same target closes it. What a window does is the service's (the distributed purchase's coordinator
     * holds purchases half done, sends messages twice, lets a try arrive late, or loses Kafka).
     */
    public void open(String target) throws java.io.IOException, InterruptedException {
        List<JsonNode> answers = setWindow(target, true);
        // What the window did, as each instance says (trade/hold answers once it holds purchases: the kill after it
        // strikes those; product/avalanche says how many copies expired).
        List<String> did = answers.stream().filter(a -> a.has("did")).map(a -> a.path("did").asString()).distinct().toList();
        record(OPEN, target, did.isEmpty() ? "opened" : String.join("; ", did));
    }

    private boolean isWindow(String target) {
        return shoplab.topology.FaultWindows.refusal(target, stack.topology()).isEmpty();
    }

    /** @return the answers of the instances told */
    private List<JsonNode> setWindow(String target, boolean open) throws java.io.IOException, InterruptedException {
        shoplab.topology.FaultWindows.refusal(target, stack.topology()).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        String[] parts = target.split("/");
        ServiceJson http = new ServiceJson();
        tools.jackson.databind.node.ObjectNode body = shoplab.history.HistoryJson.MAPPER.createObjectNode().put("open", open);
        List<JsonNode> answers = new ArrayList<>();
        for (Stack.Part p : stack.instances(parts[0])) {
            if (p.lifecycle().isUp()) { // a dead instance has no window open; a restarted one starts closed
                answers.add(http.post("http://127.0.0.1:" + p.lifecycle().port() + "/internal/lab/windows/" + parts[1], body));
            }
        }
        return answers;
    }

    /** Cuts every link between two data centers ({@code dc-a/dc-b}), both ways; {@link #heal} on the pair ends it. */
    public void partition(String pair) {
        List<LatencyProxy> cut = between(pair);
        cut.forEach(LatencyProxy::cut);
        record(PARTITION, pair, "cut " + cut.size() + " links");
    }

    /** Adds {@code extraMs} of one-way latency to a link. */
    public synchronized void slow(String link, double extraMs) {
        if (!(extraMs > 0 && extraMs <= 60_000)) {
            throw new IllegalArgumentException("extra latency must be in (0, 60000] ms, was " + extraMs);
        }
        LatencyProxy l = link(link);
        double base = baseLatency.computeIfAbsent(link, k -> l.latencyMs());
        l.setLatencyMs(base + extraMs);
        record(SLOW, link, String.format(java.util.Locale.ROOT, "+%.2f ms one way", extraMs));
    }

    /** Cuts a link: open connections reset, new ones refused. */
    public void cut(String link) {
        link(link).cut();
        record(CUT, link, "cut");
    }

    /** Restores a link, or the links between two partitioned data centers: connections again, at the original latency. */
    public synchronized void heal(String link) {
        if (stack.topology().dataCenter(link).isPresent()) {
            crossingOutOf(link).forEach(LatencyProxy::heal);
            record(HEAL, link, "healed");
            return;
        }
        if (isPair(link)) {
            between(link).forEach(LatencyProxy::heal);
            record(HEAL, link, "healed");
            return;
        }
        if (isWindow(link)) {
            try {
                setWindow(link, false);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("closing window " + link + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted closing window " + link);
            }
            record(HEAL, link, "closed");
            return;
        }
        LatencyProxy l = link(link);
        l.heal();
        Double base = baseLatency.remove(link);
        if (base != null) {
            l.setLatencyMs(base);
        }
        record(HEAL, link, "healed");
    }

    private List<Stack.Part> instances(String target) {
        List<Stack.Part> parts = stack.instances(target);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no data center, component or instance '" + target + "' runs (known: "
                    + String.join(", ", targets(stack)) + ")");
        }
        return parts;
    }

    /** What kill and restart accept on this stack: its data centers, components and instances. */
    public static List<String> targets(Stack stack) {
        Set<String> names = new LinkedHashSet<>();
        List<Stack.Part> own = stack.placedParts().stream().filter(p -> p.tier() != Stack.Tier.LINK).toList();
        own.forEach(p -> names.add(p.dataCenter()));
        own.forEach(p -> names.add(p.component().id()));
        own.forEach(p -> names.add(p.name()));
        return List.copyOf(names);
    }

    private boolean isPair(String target) {
        String[] dcs = target.split("/", -1);
        return dcs.length == 2 && stack.topology().dataCenter(dcs[0]).isPresent() && stack.topology().dataCenter(dcs[1]).isPresent();
    }

    private List<LatencyProxy> between(String pair) {
        if (!isPair(pair)) {
            throw new IllegalArgumentException("'" + pair + "' is not two data centers, like dc-a/dc-b (known: "
                    + String.join(", ", stack.topology().dataCenters().stream().map(DataCenter::name).toList()) + ")");
        }
        String[] dcs = pair.split("/");
        List<LatencyProxy> links = stack.linksBetween(dcs[0], dcs[1]);
        if (links.isEmpty()) {
            throw new IllegalArgumentException("no connection runs between " + dcs[0] + " and " + dcs[1] + " in this stack");
        }
        return links;
    }

    private LatencyProxy link(String name) {
        LatencyProxy l = stack.links().get(name);
        if (l == null) {
            throw new IllegalArgumentException("no link '" + name + "' (known: "
                    + String.join(", ", stack.links().keySet().stream().sorted().toList()) + ")");
        }
        return l;
    }

    private void record(String action, String target, String detail) {
        history.append(new FaultEvent(clockMs.getAsLong(), action, target, detail));
    }
}
