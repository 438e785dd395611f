package shoplab.run;

import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.stack.Lifecycle;
import shoplab.stack.Stack;
import shoplab.stack.net.LatencyProxy;

import java.util.HashMap;
import java.util.Map;
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
    }

    /** Crashes a part (connections reset, nothing flushed). */
    public void kill(String part) {
        part(part).kill();
        record(KILL, part, "killed");
    }

    /** Starts a killed or stopped part again, on its old port; this heals its kill. */
    public void restart(String part) throws Exception {
        part(part).start();
        record(HEAL, part, "restarted");
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

    /** Restores a link: accepts connections again, at its original latency. */
    public synchronized void heal(String link) {
        LatencyProxy l = link(link);
        l.heal();
        Double base = baseLatency.remove(link);
        if (base != null) {
            l.setLatencyMs(base);
        }
        record(HEAL, link, "healed");
    }

    private Lifecycle part(String name) {
        return stack.part(name).filter(p -> !(p instanceof LatencyProxy)).orElseThrow(() -> new IllegalArgumentException(
                "no component '" + name + "' (known: " + String.join(", ", stack.parts().stream()
                        .filter(p -> !(p instanceof LatencyProxy)).map(Lifecycle::name).toList()) + ")"));
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
