package shoplab.scenarios.failover.checks;

import shoplab.history.FaultEvent;

import java.util.List;
import java.util.Optional;

/**
 * When the failover's steps happened, from the history's fault events: the data center's failure (kill or
 * isolate), the traffic manager's detection, the start of the switch (users refused, lease withdrawn) and
 * its end (traffic moved).
 */
record Timeline(long failedAt, Long detectedAt, Long switchStartedAt, Long switchedAt, String from, String to) {

    static Optional<Timeline> of(List<FaultEvent> faults) {
        FaultEvent failed = faults.stream().filter(f -> f.action().equals("kill") || f.action().equals("isolate"))
                .filter(f -> !f.target().contains("/")).findFirst().orElse(null);
        if (failed == null) {
            return Optional.empty();
        }
        Long detected = at(faults, "detect", failed.atMs());
        FaultEvent started = first(faults, "switch", failed.atMs());
        FaultEvent switched = first(faults, "switched", failed.atMs());
        String[] ends = switched == null ? new String[] {failed.target(), null} : switched.target().split("->");
        return Optional.of(new Timeline(failed.atMs(), detected, started == null ? null : started.atMs(),
                switched == null ? null : switched.atMs(), ends[0], ends.length > 1 ? ends[1] : null));
    }

    private static FaultEvent first(List<FaultEvent> faults, String action, long notBefore) {
        return faults.stream().filter(f -> f.action().equals(action) && f.atMs() >= notBefore).findFirst().orElse(null);
    }

    private static Long at(List<FaultEvent> faults, String action, long notBefore) {
        FaultEvent e = first(faults, action, notBefore);
        return e == null ? null : e.atMs();
    }
}
