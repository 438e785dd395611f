package shoplab.services.trade.dtx;

import shoplab.topology.ComponentKind;
import shoplab.topology.FaultWindows;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fault windows that act inside the coordinator, opened and closed by the lab's faults ({@code open} and
 * {@code heal} on {@code trade/<window>}, so they share the run's timeline with kills and cuts): {@code hold}
 * (purchases stop between their first and last change: where a kill of the coordinator or of a participant
 * then strikes), {@code duplicate} (every effect message sent twice, the copies in reverse order),
 * {@code late-try} (the coupon's reserve or try reaches it only after the coordinator gave up on it),
 * {@code broker-down} (Kafka unreachable from the coordinator: the embedded broker cannot be restarted with
 * its log, so the outage is the clients'). A restarted coordinator starts with every window closed.
 */
final class LabWindows {

    static final String HOLD = "hold";
    static final String DUPLICATE = "duplicate";
    static final String LATE_TRY = "late-try";
    static final String BROKER_DOWN = "broker-down";
    static final Set<String> KINDS = Set.copyOf(FaultWindows.BY_KIND.get(ComponentKind.TRADE_SERVICE));

    private final Map<String, Boolean> open = new ConcurrentHashMap<>();

    void set(String kind, boolean isOpen) {
        open.put(kind, isOpen);
    }

    boolean open(String kind) {
        return open.getOrDefault(kind, false);
    }
}
