package shoplab.run;

import shoplab.topology.DataCenter;
import shoplab.topology.FaultWindows;
import shoplab.topology.Placed;
import shoplab.topology.Topology;
import shoplab.topology.Wiring;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a scripted fault against the topology before anything boots, so that a typo is a usage error and
 * not a run that goes on without its fault: kill and restart name a data center, a component or one of its
 * instances; slow, cut and heal a connection between two components ({@code proxy-1->order},
 * {@code dc-b/order->dc-a/db}); partition and heal two data centers ({@code dc-a/dc-b}); open and heal a service's
 * window ({@code trade/hold}).
 */
final class FaultTargets {

    private FaultTargets() {
    }

    static void check(FaultStep step, Topology t) {
        String target = step.target();
        switch (step.action()) {
            case "kill", "restart" -> {
                if (t.dataCenter(target).isEmpty() && owner(target, t).isEmpty()) {
                    throw refused(step, "no data center, component or instance '" + target + "' in topology '"
                            + t.name() + "' (data centers: " + dcNames(t) + "; components: "
                            + String.join(", ", t.placed().stream().map(Placed::id).toList()) + ")");
                }
            }
            case "partition" -> pair(step, t);
            case "open" -> FaultWindows.refusal(target, t).ifPresent(why -> {
                throw refused(step, why);
            });
            case "isolate" -> {
                if (t.dataCenter(target).isEmpty() || t.dataCenter(target).get().isExternal()) {
                    throw refused(step, "no data center of ours named '" + target + "' (data centers: " + dcNames(t) + ")");
                }
            }
            case "rejoin" -> {
                if (t.trafficManager() == null || !t.replication().members().contains(target)) {
                    throw refused(step, "'" + target + "' is no data center a traffic manager replicates"
                            + (t.replication() == null ? "" : " (members: " + String.join(", ", t.replication().members()) + ")"));
                }
            }
            case "switch" -> {
                if (t.trafficManager() == null) {
                    throw refused(step, "topology '" + t.name() + "' has no traffic manager to switch (trafficManager:)");
                }
                if (!t.replication().isReplica(target)) {
                    throw refused(step, "'" + target + "' is not a replica data center (replicas: "
                            + String.join(", ", t.replication().replicas()) + ")");
                }
            }
            case "heal" -> {
                if (t.dataCenter(target).isPresent()) {
                    return; // ends an isolation
                }
                if (!target.contains("->") && t.placed(target.split("/")[0]).isPresent()) {
                    FaultWindows.refusal(target, t).ifPresent(why -> {
                        throw refused(step, why); // closes a window
                    });
                } else if (!target.contains("->")) {
                    pair(step, t);
                } else {
                    connection(step, t);
                }
            }
            default -> connection(step, t); // slow, cut
        }
    }

    /** The component a name means: itself, or the component of an instance ({@code proxy-2}, {@code dc-b/order-1}). */
    private static Optional<Placed> owner(String name, Topology t) {
        Optional<Placed> direct = t.placed(name);
        if (direct.isPresent()) {
            return direct;
        }
        int dash = name.lastIndexOf('-');
        if (dash > 0 && name.substring(dash + 1).matches("\\d{1,2}")) {
            int n = Integer.parseInt(name.substring(dash + 1));
            return t.placed(name.substring(0, dash)).filter(p -> n >= 1 && n <= p.component().instances());
        }
        return Optional.empty();
    }

    private static void connection(FaultStep step, Topology t) {
        String[] ends = step.target().split("->", -1);
        Optional<Placed> from = ends.length == 2 ? owner(ends[0], t) : Optional.empty();
        Optional<Placed> to = ends.length == 2 ? owner(ends[1], t) : Optional.empty();
        boolean replication = from.isPresent() && to.isPresent() && t.replicated(from.get()) && t.replicated(to.get())
                && from.get().kind() == to.get().kind() && !from.get().dc().equals(to.get().dc());
        boolean runs = replication || from.isPresent() && to.isPresent()
                && (t.link(from.get(), to.get()).isPresent() || !from.get().dc().equals(to.get().dc()))
                && Wiring.possibleFlows(from.get(), t).contains(to.get());
        if (!runs) {
            List<String> known = new ArrayList<>(Wiring.declaredConnections(t).stream().map(Wiring.Connection::name).toList());
            throw refused(step, "no link '" + step.target() + "' runs through a proxy in topology '" + t.name()
                    + "' (declared: " + String.join(", ", known) + "; connections between data centers too, replication"
                    + " (dc-b/db->dc-a/db), and per instance: proxy-1->order)");
        }
    }

    private static void pair(FaultStep step, Topology t) {
        String[] dcs = step.target().split("/", -1);
        if (dcs.length != 2 || dcs[0].equals(dcs[1]) || t.dataCenter(dcs[0]).isEmpty() || t.dataCenter(dcs[1]).isEmpty()) {
            throw refused(step, "'" + step.target() + "' is not two data centers of topology '" + t.name()
                    + "', like dc-a/dc-b (data centers: " + dcNames(t) + ")");
        }
    }

    private static String dcNames(Topology t) {
        return String.join(", ", t.dataCenters().stream().map(DataCenter::name).toList());
    }

    private static IllegalArgumentException refused(FaultStep step, String why) {
        return new IllegalArgumentException("--fault '" + step + "': " + why);
    }
}
