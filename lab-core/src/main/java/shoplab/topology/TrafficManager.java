package shoplab.topology;

import java.util.List;

/**
 * The global traffic manager (a GSLB stand-in) in front of the data centers' edges: users reach the active
 * data center through it; it health-checks each data center and switches to a replica data center when
 * the active one fails (automatically, or only by hand), and grants the active data center the write lease
 * its services check (a data center whose lease ran out accepts no write: the fence).
 *
 * @param healthCheckMs    how often each data center's edge is checked
 * @param failureThreshold checks in a row that must fail before the active data center counts as down
 * @param switchMode       {@code auto}: switch when the active data center is down; {@code manual}: only by hand
 * @param leaseMs          how long a write lease lasts; a switch waits this long before promoting a replica,
 *                         so that the old site's lease has surely run out
 * @param operatorDelayMs  manual mode: the person on call, alerted at the detection, switches this long after
 *                         it (to the first healthy replica); null: nobody does, only a switch by hand. In auto
 *                         mode, what a run made manual uses (dc-failover's {@code -manual-switch} variants)
 */
public record TrafficManager(Long healthCheckMs, Integer failureThreshold, String switchMode, Long leaseMs,
                             Long operatorDelayMs) {

    public static final List<String> SWITCH_MODES = List.of("auto", "manual");

    public TrafficManager {
        healthCheckMs = healthCheckMs == null ? 500L : healthCheckMs;
        failureThreshold = failureThreshold == null ? 3 : failureThreshold;
        switchMode = switchMode == null ? "auto" : switchMode;
        leaseMs = leaseMs == null ? 1_000L : leaseMs;
    }

    public boolean automatic() {
        return "auto".equals(switchMode);
    }

    /** The same traffic manager switching only by hand, its operator switching {@code operatorDelayMs} after an alert. */
    public TrafficManager manual(long operatorDelayMs) {
        return new TrafficManager(healthCheckMs, failureThreshold, "manual", leaseMs, operatorDelayMs);
    }
}
