package shoplab.topology;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a topology file into a validated, immutable {@link Topology}. Every error names the file, the
 * line and the field, in one line: {@code topologies/x.yaml:12: dataCenters[0].components[3].kind: ...}.
 */
public final class TopologyLoader {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private TopologyLoader() {
    }

    public static Topology load(Path file) {
        return TopologyFile.read(file).topology();
    }

    /** Parses and validates; {@code source} is the name errors use for the file. */
    public static Topology parse(String source, String text) {
        Topology t;
        try {
            t = MAPPER.readValue(text, Topology.class);
        } catch (JacksonException e) {
            throw new TopologyException(describe(source, e), e);
        }
        if (t == null) {
            throw new TopologyException(source + ":1: the file is empty");
        }
        new Validator(source, new YamlLocator(text)).validate(t);
        return t;
    }

    private static String describe(String source, JacksonException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String path = path(e.getPath());
        String what;
        if (e instanceof UnrecognizedPropertyException u) {
            what = "unknown field '" + u.getPropertyName() + "' (expected one of: "
                    + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")";
        } else {
            what = firstLine(e.getOriginalMessage());
        }
        return source + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + what;
    }

    private static String path(List<JacksonException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : refs) {
            if (r.getPropertyName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid value";
        }
        // Jackson appends a "(for ...)" location tail we already print ourselves.
        String first = s.lines().findFirst().orElse(s);
        return first.replaceAll("\\s*\\(for .*\\)$", "");
    }

    /** Checks that make sense only on the whole model. */
    private record Validator(String source, YamlLocator locator) {

        void validate(Topology t) {
            if (t.name() == null || t.name().isBlank()) {
                fail("name", "missing: give the topology a name");
            }
            if (t.dataCenters().isEmpty()) {
                fail("dataCenters", "at least one data center is needed");
            }
            Set<String> names = new HashSet<>();
            Set<String> dcNames = new HashSet<>();
            for (int d = 0; d < t.dataCenters().size(); d++) {
                DataCenter dc = t.dataCenters().get(d);
                String dcPath = "dataCenters[" + d + "]";
                if (dc.name() == null || !dcNames.add(dc.name())) {
                    fail(dcPath + ".name", dc.name() == null ? "missing" : "duplicate data center '" + dc.name() + "'");
                }
                if (!Set.of("production", "same-city-dr", "remote-dr", "external").contains(dc.role())) {
                    fail(dcPath + ".role", "'" + dc.role() + "' is not one of production, same-city-dr, remote-dr, external");
                }
                for (int c = 0; c < dc.components().size(); c++) {
                    Component comp = dc.components().get(c);
                    String cPath = dcPath + ".components[" + c + "]";
                    if (comp.name() == null || comp.name().isBlank()) {
                        fail(cPath + ".name", "missing");
                    }
                    if (!comp.name().matches("[a-z][a-z0-9-]*")) {
                        fail(cPath + ".name", "'" + comp.name() + "' must be lower-case letters, digits and dashes");
                    }
                    if (!names.add(comp.name())) {
                        fail(cPath + ".name", "duplicate component '" + comp.name() + "'");
                    }
                    if (comp.kind() == null) {
                        fail(cPath + ".kind", "missing");
                    }
                    if (comp.instances() < 1 || comp.instances() > 16) {
                        fail(cPath + ".instances", comp.instances() + " is out of range 1..16");
                    }
                }
            }
            for (int d = 0; d < t.dataCenters().size(); d++) {
                List<Component> comps = t.dataCenters().get(d).components();
                for (int c = 0; c < comps.size(); c++) {
                    checkReferences(t, comps.get(c), "dataCenters[" + d + "].components[" + c + "]");
                }
            }
            for (int i = 0; i < t.links().size(); i++) {
                Link l = t.links().get(i);
                String lPath = "links[" + i + "]";
                requireComponent(t, l.from(), lPath + ".from");
                requireComponent(t, l.to(), lPath + ".to");
                if (l.latencyMs() == null) {
                    fail(lPath + ".latencyMs", "missing: give the link's one-way latency in milliseconds");
                }
                if (!(l.latencyMs() >= 0 && l.latencyMs() <= 10_000)) {
                    fail(lPath + ".latencyMs", l.latencyMs() + " is out of range 0..10000");
                }
            }
            t.strategies().forEach((mechanism, strategy) -> {
                java.util.Optional<Mechanism> m = Mechanisms.find(mechanism);
                if (m.isEmpty()) {
                    fail("strategies." + mechanism, "unknown mechanism '" + mechanism + "' (expected one of: "
                            + String.join(", ", Mechanisms.all().stream().map(Mechanism::name).toList()) + ")");
                } else if (m.get().strategy(strategy).isEmpty()) {
                    fail("strategies." + mechanism, "unknown strategy '" + strategy + "' (expected one of: "
                            + String.join(", ", m.get().strategyNames()) + ")");
                }
            });
        }

        private void checkReferences(Topology t, Component c, String path) {
            switch (c.kind()) {
                case CDN -> {
                    requireKind(t, c.origin(), path + ".origin", ComponentKind.STATIC_SITE);
                    requireComponent(t, c.upstream(), path + ".upstream");
                }
                case LVS -> requireKind(t, c.upstream(), path + ".upstream", ComponentKind.REVERSE_PROXY);
                case REVERSE_PROXY -> {
                    if (c.routes().isEmpty()) {
                        fail(path + ".routes", "a reverse proxy needs at least one route");
                    }
                    c.routes().forEach((prefix, target) -> {
                        if (!prefix.startsWith("/")) {
                            fail(path + ".routes." + prefix, "a route must be a path prefix starting with /");
                        }
                        requireComponent(t, target, path + ".routes." + prefix);
                    });
                }
                default -> {
                }
            }
        }

        private void requireKind(Topology t, String name, String path, ComponentKind kind) {
            Component target = requireComponent(t, name, path);
            if (target.kind() != kind) {
                fail(path, "'" + name + "' is a " + target.kind().yamlName() + ", expected a " + kind.yamlName());
            }
        }

        private Component requireComponent(Topology t, String name, String path) {
            if (name == null) {
                fail(path, "missing");
            }
            return t.component(name).orElseThrow(() -> new TopologyException(
                    source + ":" + locator.lineOf(path) + ": " + path + ": unknown component '" + name + "'"));
        }

        private void fail(String path, String what) {
            throw new TopologyException(source + ":" + locator.lineOf(path) + ": " + path + ": " + what);
        }
    }
}
