package shoplab.run;

import java.util.Locale;
import java.util.Set;

/**
 * One scripted fault: at {@code atMs} on the run clock, do {@code action} to {@code target} (a data
 * center, a component or one instance for kill/restart; a link for slow/cut/heal; two data centers for
 * partition/heal); {@code extraMs} only for slow. Written on the command line as
 * {@code AT:ACTION:TARGET[:EXTRA_MS]}, e.g. {@code 9s:kill:redis}, {@code 12.5s:restart:redis},
 * {@code 8s:slow:inventory->db:20}, {@code 20s:kill:dc-a}, {@code 20s:partition:dc-a/dc-b}; where the topology
 * has a traffic manager, {@code 20s:isolate:dc-a} (cut from every other site and the traffic manager; its
 * parts live on; {@code heal:dc-a} ends it), {@code 25s:switch:dc-b} (move the traffic by hand) and
 * {@code 40s:rejoin:dc-a} (the old primary back, as a replica of the promoted one); {@code 4s:open:trade/hold} opens
 * a fault window inside a service until {@code 5s:heal:trade/hold}.
 */
public record FaultStep(long atMs, String action, String target, double extraMs) {

    static final Set<String> ACTIONS = Set.of("kill", "restart", "slow", "cut", "heal", "partition", "isolate", "switch", "rejoin", "open");

    public static FaultStep parse(String spec) {
        String[] parts = spec.split(":");
        if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException("--fault wants AT:ACTION:TARGET[:EXTRA_MS], e.g. 9s:kill:redis; got '" + spec + "'");
        }
        String at = parts[0].trim().toLowerCase(Locale.ROOT);
        long atMs;
        try {
            atMs = at.endsWith("ms") ? Long.parseLong(at.substring(0, at.length() - 2))
                    : Math.round(Double.parseDouble(at.endsWith("s") ? at.substring(0, at.length() - 1) : at) * 1000);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--fault '" + spec + "': '" + parts[0] + "' is not a time like 9s or 1500ms");
        }
        if (atMs < 0 || atMs > 3_600_000) {
            throw new IllegalArgumentException("--fault '" + spec + "': the time must be within the first hour of the run");
        }
        String action = parts[1].trim();
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("--fault '" + spec + "': unknown action '" + action
                    + "' (expected one of: kill, restart, slow, cut, heal, partition, isolate, switch, rejoin, open)");
        }
        double extra = 0;
        if (action.equals("slow")) {
            if (parts.length != 4) {
                throw new IllegalArgumentException("--fault '" + spec + "': slow needs the extra one-way ms, e.g. 8s:slow:inventory->db:20");
            }
            try {
                extra = Double.parseDouble(parts[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--fault '" + spec + "': '" + parts[3] + "' is not a number of ms");
            }
            if (!(extra > 0 && extra <= 60_000)) {
                throw new IllegalArgumentException("--fault '" + spec + "': the extra latency must be in (0, 60000] ms");
            }
        } else if (parts.length == 4) {
            throw new IllegalArgumentException("--fault '" + spec + "': only slow takes a fourth part");
        }
        return new FaultStep(atMs, action, parts[2].trim(), extra);
    }

    /** Applies this step to the stack through {@code faults}. */
    void apply(Faults faults) throws Exception {
        switch (action) {
            case "kill" -> faults.kill(target);
            case "restart" -> faults.restart(target);
            case "slow" -> faults.slow(target, extraMs);
            case "cut" -> faults.cut(target);
            case "partition" -> faults.partition(target);
            case "isolate" -> faults.isolate(target);
            case "switch" -> faults.switchTo(target);
            case "rejoin" -> faults.rejoin(target);
            case "open" -> faults.open(target);
            default -> faults.heal(target);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1fs:%s:%s%s", atMs / 1000.0, action, target,
                action.equals("slow") ? ":" + extraMs : "");
    }
}
