package shoplab.stack;

import shoplab.topology.ComponentKind;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ArrayList;

/**
 * What a scenario asks of a stack besides the topology, without the stack knowing the scenario: the
 * services it exercises (the stack boots them, what they call, and the edge, in every data center), the
 * settings every instance of a kind starts with (the scenario's data: SKUs and stock, prices, hold time,
 * the provider's storm), the static site's files, and what to do once the stack is up (issue coupons).
 * The stack adds the wiring (addresses, databases, the topology's strategies) itself.
 *
 * @param workDir  a folder the stack owns and deletes
 * @param services the service kinds the scenario exercises
 * @param settings per kind, properties every instance of it starts with
 * @param files    the static site's files, path (relative, {@code sale/sku-1.html}) to content
 * @param setups   run in order once every part is up
 * @param afterSwitch run in order by a traffic switch once the new primary's stores are promoted, before
 *                 users reach it (re-seeding Redis from the promoted database)
 */
public record StackOptions(Path workDir, Set<ComponentKind> services, Map<ComponentKind, Map<String, Object>> settings,
                           Map<String, String> files, List<Setup> setups, List<Setup> afterSwitch) {

    /** Something a scenario does to a booted stack before the load (seeding data through the services' APIs). */
    @FunctionalInterface
    public interface Setup {
        void apply(Stack stack) throws Exception;
    }

    public StackOptions {
        services = Set.copyOf(services);
        Map<ComponentKind, Map<String, Object>> copy = new LinkedHashMap<>();
        settings.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        settings = Map.copyOf(copy);
        files = Map.copyOf(files);
        setups = List.copyOf(setups);
        afterSwitch = List.copyOf(afterSwitch);
    }

    public static Builder in(Path workDir) {
        return new Builder(workDir);
    }

    /** The settings of one kind (empty when the scenario gives none). */
    public Map<String, Object> settings(ComponentKind kind) {
        return settings.getOrDefault(kind, Map.of());
    }

    /** Builds options one service, setting, file or setup at a time. */
    public static final class Builder {
        private final Path workDir;
        private final Set<ComponentKind> services = new LinkedHashSet<>();
        private final Map<ComponentKind, Map<String, Object>> settings = new LinkedHashMap<>();
        private final Map<String, String> files = new LinkedHashMap<>();
        private final List<Setup> setups = new ArrayList<>();
        private final List<Setup> afterSwitch = new ArrayList<>();

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        public Builder services(ComponentKind... kinds) {
            services.addAll(List.of(kinds));
            return this;
        }

        public Builder set(ComponentKind kind, String property, Object value) {
            settings.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(property, value);
            return this;
        }

        public Builder file(String path, String content) {
            files.put(path, content);
            return this;
        }

        public Builder afterBoot(Setup setup) {
            setups.add(setup);
            return this;
        }

        public Builder afterSwitch(Setup setup) {
            afterSwitch.add(setup);
            return this;
        }

        public StackOptions build() {
            return new StackOptions(workDir, services, settings, files, setups, afterSwitch);
        }
    }
}
