package shoplab.topology;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fault windows a service opens inside itself when the lab says so ({@code open:trade/hold} until
 * {@code heal:trade/hold}), by service kind: what the lab checks a scripted fault against before anything boots.
 * The trade service's are its distributed purchase's (hold purchases half done, send messages twice, let a try
 * arrive late, lose Kafka); the product service's are its catalog's (a cache fill waits for the next change of
 * its product before it writes what it read; the hottest product's copies keep expiring; every copy expires at once).
 */
public final class FaultWindows {

    public static final Map<ComponentKind, List<String>> BY_KIND = Map.of(
            ComponentKind.TRADE_SERVICE, List.of("hold", "duplicate", "late-try", "broker-down"),
            ComponentKind.PRODUCT_SERVICE, List.of("slow-fill", "breakdown", "avalanche"));

    private FaultWindows() {
    }

    /** Why {@code target} ({@code component/window}) names no window of the topology; empty when it does. */
    public static Optional<String> refusal(String target, Topology t) {
        String[] parts = target.split("/", -1);
        Optional<Placed> component = parts.length == 2 ? t.placed(parts[0]) : Optional.empty();
        if (component.isEmpty()) {
            return Optional.of("'" + target + "' is not a component's window, like trade/hold");
        }
        List<String> windows = BY_KIND.getOrDefault(component.get().kind(), List.of());
        if (!windows.contains(parts[1])) {
            return Optional.of(parts[0] + " has no window '" + parts[1] + "'"
                    + (windows.isEmpty() ? " (a " + component.get().kind().yamlName() + " has none)" : " (its windows: " + String.join(", ", windows) + ")"));
        }
        return Optional.empty();
    }
}
