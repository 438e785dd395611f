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
            Set<String> dcNames = new HashSet<>();
            for (int d = 0; d < t.dataCenters().size(); d++) {
                DataCenter dc = t.dataCenters().get(d);
                String dcPath = "dataCenters[" + d + "]";
                if (dc.name() == null) {
                    fail(dcPath + ".name", "missing");
                }
                if (!dc.name().matches("[a-z][a-z0-9-]*")) {
                    fail(dcPath + ".name", "'" + dc.name() + "' must be lower-case letters, digits and dashes");
                }
                if (!dcNames.add(dc.name())) {
                    fail(dcPath + ".name", "duplicate data center '" + dc.name() + "'");
                }
                if (!Set.of("production", "same-city-dr", "remote-dr", DataCenter.EXTERNAL).contains(dc.role())) {
                    fail(dcPath + ".role", "'" + dc.role() + "' is not one of production, same-city-dr, remote-dr, external");
                }
            }
            if (t.dataCenters().stream().allMatch(DataCenter::isExternal)) {
                fail("dataCenters", "every data center is external: at least one must be of our own");
            }
            for (int d = 0; d < t.dataCenters().size(); d++) {
                DataCenter dc = t.dataCenters().get(d);
                Set<String> names = new HashSet<>();
                for (int c = 0; c < dc.components().size(); c++) {
                    Component comp = dc.components().get(c);
                    String cPath = "dataCenters[" + d + "].components[" + c + "]";
                    if (comp.name() == null || comp.name().isBlank()) {
                        fail(cPath + ".name", "missing");
                    }
                    if (!comp.name().matches("[a-z][a-z0-9-]*")) {
                        fail(cPath + ".name", "'" + comp.name() + "' must be lower-case letters, digits and dashes");
                    }
                    if (!names.add(comp.name())) {
                        fail(cPath + ".name", "duplicate component '" + comp.name() + "' in " + dc.name());
                    }
                    if (dcNames.contains(comp.name())) {
                        fail(cPath + ".name", "'" + comp.name() + "' is also a data center's name (a fault target would be ambiguous)");
                    }
                    if (comp.kind() == null) {
                        fail(cPath + ".kind", "missing");
                    }
                    if (comp.instances() < 1 || comp.instances() > 16) {
                        fail(cPath + ".instances", comp.instances() + " is out of range 1..16");
                    }
                    if (comp.engine() != null && comp.kind() != ComponentKind.DATABASE) {
                        fail(cPath + ".engine", "only a database has an engine; a " + comp.kind().yamlName() + " does not");
                    }
                    if (comp.engine() != null && !Component.ENGINES.contains(comp.engine())) {
                        fail(cPath + ".engine", "'" + comp.engine() + "' is not one of " + String.join(", ", Component.ENGINES));
                    }
                    if (comp.instances() > 1 && comp.kind() != ComponentKind.REVERSE_PROXY && !Wiring.isService(comp.kind())) {
                        fail(cPath + ".instances", "only reverse proxies and services run several instances; a "
                                + comp.kind().yamlName() + " runs one (declare another component for a second one)");
                    }
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
            for (int d = 0; d < t.dataCenters().size(); d++) {
                DataCenter dc = t.dataCenters().get(d);
                for (int c = 0; c < dc.components().size(); c++) {
                    checkReferences(t, dc, dc.components().get(c), "dataCenters[" + d + "].components[" + c + "]");
                }
            }
            DataCenter entry = t.entryDataCenter();
            if (t.inDataCenter(entry, ComponentKind.CDN).isEmpty()) {
                fail("dataCenters[" + t.dataCenters().indexOf(entry) + "]", "users enter at " + entry.name()
                        + ", which has no cdn");
            }
            checkSiteLinks(t, dcNames);
            checkReplication(t);
            checkTrafficManager(t);
            checkProtection(t);
            checkLinks(t);
            for (Wiring.Missing m : Wiring.missing(t)) {
                DataCenter dc = m.from().dataCenter();
                int d = t.dataCenters().indexOf(dc);
                fail("dataCenters[" + d + "].components[" + dc.components().indexOf(m.from().component()) + "]", m.what());
            }
        }

        private void checkReferences(Topology t, DataCenter dc, Component c, String path) {
            if (!c.cache().isEmpty() && c.kind() != ComponentKind.REVERSE_PROXY) {
                fail(path + ".cache", "only a reverse proxy caches answers; a " + c.kind().yamlName() + " has no cache: field");
            }
            switch (c.kind()) {
                case CDN -> {
                    requireKind(t, dc, c.origin(), path + ".origin", ComponentKind.STATIC_SITE);
                    requireComponent(t, dc, c.upstream(), path + ".upstream");
                }
                case LVS -> requireKind(t, dc, c.upstream(), path + ".upstream", ComponentKind.REVERSE_PROXY);
                case REVERSE_PROXY -> {
                    if (c.routes().isEmpty()) {
                        fail(path + ".routes", "a reverse proxy needs at least one route");
                    }
                    c.routes().forEach((prefix, target) -> {
                        if (!prefix.startsWith("/")) {
                            fail(path + ".routes." + prefix, "a route must be a path prefix starting with /");
                        }
                        if (InternalPaths.exposedBy(prefix)) {
                            fail(path + ".routes." + prefix, "a route may not reach " + InternalPaths.PREFIX
                                    + "/: those calls stay inside the data center (route the public prefixes, e.g. /api/orders)");
                        }
                        Placed to = requireComponent(t, dc, target, path + ".routes." + prefix);
                        if (!Wiring.isService(to.kind())) {
                            fail(path + ".routes." + prefix, "'" + target + "' is a " + to.kind().yamlName() + ", not a service");
                        }
                    });
                    c.cache().forEach((prefix, ttlMs) -> {
                        if (c.routes().keySet().stream().noneMatch(route -> prefix.equals(route) || prefix.startsWith(route.endsWith("/") ? route : route + "/"))) {
                            fail(path + ".cache." + prefix, "a cached prefix must lie under one of the proxy's routes (" + String.join(", ", c.routes().keySet()) + ")");
                        }
                        if (ttlMs == null || ttlMs < 1 || ttlMs > 3_600_000) {
                            fail(path + ".cache." + prefix, "the time an answer is kept must be 1..3600000 ms, was " + ttlMs);
                        }
                    });
                }
                default -> {
                }
            }
            List<ComponentKind> callable = Wiring.mayCall(c.kind());
            for (int i = 0; i < c.calls().size(); i++) {
                String callPath = path + ".calls[" + i + "]";
                Placed to = requireComponent(t, dc, c.calls().get(i), callPath);
                if (!Wiring.isService(c.kind())) {
                    fail(callPath, "only services call other components; a " + c.kind().yamlName() + " has its wiring in its own fields");
                }
                if (!callable.contains(to.kind())) {
                    fail(callPath, "a " + c.kind().yamlName() + " does not call a " + to.kind().yamlName()
                            + " (it calls: " + String.join(", ", callable.stream().map(ComponentKind::yamlName).toList()) + ")");
                }
                if (to.kind() == ComponentKind.KAFKA && !to.dataCenter().equals(dc)) {
                    fail(callPath, "a Kafka in another data center is not supported: its clients learn the broker's"
                            + " address from the broker, so no link can carry the latency or a partition");
                }
            }
        }

        private void checkSiteLinks(Topology t, Set<String> dcNames) {
            for (int i = 0; i < t.siteLinks().size(); i++) {
                SiteLink s = t.siteLinks().get(i);
                String path = "siteLinks[" + i + "]";
                if (s.between().size() != 2 || s.between().get(0).equals(s.between().get(1))) {
                    fail(path + ".between", "name two different data centers, e.g. [dc-a, dc-b]");
                }
                for (int k = 0; k < 2; k++) {
                    if (!dcNames.contains(s.between().get(k))) {
                        fail(path + ".between", "unknown data center '" + s.between().get(k) + "' (known: "
                                + String.join(", ", t.dataCenters().stream().map(DataCenter::name).toList()) + ")");
                    }
                }
                checkLatency(s.latencyMs(), path + ".latencyMs");
                for (int j = 0; j < i; j++) {
                    if (t.siteLinks().get(j).joins(s.between().get(0), s.between().get(1))) {
                        fail(path + ".between", "siteLinks[" + j + "] already joins " + s.between().get(0) + " and " + s.between().get(1));
                    }
                }
            }
        }

        private void checkReplication(Topology t) {
            Replication r = t.replication();
            if (r == null) {
                return;
            }
            List<String> ours = t.dataCenters().stream().filter(dc -> !dc.isExternal()).map(DataCenter::name).toList();
            if (r.primary() == null) {
                fail("replication.primary", "missing: name the data center that takes the writes");
            }
            if (!ours.contains(r.primary())) {
                fail("replication.primary", "'" + r.primary() + "' is not a data center of ours (known: " + String.join(", ", ours) + ")");
            }
            if (r.replicas().isEmpty()) {
                fail("replication.replicas", "name at least one data center that follows " + r.primary());
            }
            for (int i = 0; i < r.replicas().size(); i++) {
                String dc = r.replicas().get(i);
                String path = "replication.replicas[" + i + "]";
                if (!ours.contains(dc)) {
                    fail(path, "'" + dc + "' is not a data center of ours (known: " + String.join(", ", ours) + ")");
                }
                if (dc.equals(r.primary()) || r.replicas().indexOf(dc) != i) {
                    fail(path, "'" + dc + "' is named twice (the primary and each replica once)");
                }
                if (t.siteLink(r.primary(), dc).isEmpty()) {
                    fail(path, "no site link joins " + r.primary() + " and " + dc + ": replication runs over one");
                }
            }
            if (!Replication.MODES.contains(r.mode())) {
                fail("replication.mode", "'" + r.mode() + "' is not one of " + String.join(", ", Replication.MODES));
            }
            if (r.semiSyncTimeoutMs() < 10 || r.semiSyncTimeoutMs() > 60_000) {
                fail("replication.semiSyncTimeoutMs", r.semiSyncTimeoutMs() + " is out of range 10..60000");
            }
            for (String name : r.members()) {
                DataCenter dc = t.dataCenter(name).orElseThrow();
                int d = t.dataCenters().indexOf(dc);
                Placed db = t.replicated(dc, ComponentKind.DATABASE).orElse(null);
                if (db == null) {
                    fail("dataCenters[" + d + "]", name + " takes part in the replication and has no database");
                }
                if (!db.component().isMariaDb()) {
                    fail("dataCenters[" + d + "].components[" + dc.components().indexOf(db.component()) + "]", "'" + db.name()
                            + "' runs on " + db.component().engine() + ", which cannot replicate (" + r.mode()
                            + " replication): give it engine: mariadb");
                }
            }
        }

        private void checkTrafficManager(Topology t) {
            TrafficManager m = t.trafficManager();
            if (m == null) {
                return;
            }
            if (t.replication() == null) {
                fail("trafficManager", "a traffic switch promotes a replica data center: declare the replication too");
            }
            if (!t.replication().primary().equals(t.entryDataCenter().name())) {
                fail("replication.primary", "users enter at " + t.entryDataCenter().name() + " (the production data center):"
                        + " it must be the primary");
            }
            for (String dc : t.replication().members()) {
                if (t.inDataCenter(t.dataCenter(dc).orElseThrow(), ComponentKind.CDN).isEmpty()) {
                    fail("dataCenters[" + t.dataCenters().indexOf(t.dataCenter(dc).orElseThrow()) + "]",
                            dc + " may take the traffic after a switch and has no cdn for users to enter at");
                }
            }
            if (m.healthCheckMs() < 50 || m.healthCheckMs() > 60_000) {
                fail("trafficManager.healthCheckMs", m.healthCheckMs() + " is out of range 50..60000");
            }
            if (m.failureThreshold() < 1 || m.failureThreshold() > 100) {
                fail("trafficManager.failureThreshold", m.failureThreshold() + " is out of range 1..100");
            }
            if (!TrafficManager.SWITCH_MODES.contains(m.switchMode())) {
                fail("trafficManager.switchMode", "'" + m.switchMode() + "' is not one of " + String.join(", ", TrafficManager.SWITCH_MODES));
            }
            if (m.leaseMs() < 100 || m.leaseMs() > 60_000) {
                fail("trafficManager.leaseMs", m.leaseMs() + " is out of range 100..60000");
            }
            if (m.operatorDelayMs() != null && (m.operatorDelayMs() < 0 || m.operatorDelayMs() > 3_600_000)) {
                fail("trafficManager.operatorDelayMs", m.operatorDelayMs() + " is out of range 0..3600000");
            }
        }

        private void checkProtection(Topology t) {
            Protection p = t.protection();
            if (p == null) {
                if ("degrade-limit".equals(t.strategies().get("protection"))) {
                    fail("strategies.protection", "degrade-limit applies the topology's protection rules, and it has none:"
                            + " add a protection: block (as in topologies/two-site-three-center.yaml)");
                }
                return;
            }
            if (p.buy() == null && p.pay() == null && p.productDetail() == null) {
                fail("protection", "names no rule: give buy, pay or productDetail");
            }
            checkLimit(p.buy(), "protection.buy");
            checkLimit(p.pay(), "protection.pay");
            Protection.Degrade d = p.productDetail();
            if (d != null) {
                checkRange(d.qps(), 1, 1_000_000, "protection.productDetail.qps");
                checkRange(d.slowMs(), 1, 60_000, "protection.productDetail.slowMs");
                checkRange(d.breakSeconds(), 1, 600, "protection.productDetail.breakSeconds");
                if (d.slowRatio() != null && !(d.slowRatio() > 0 && d.slowRatio() <= 1)) {
                    fail("protection.productDetail.slowRatio", d.slowRatio() + " is out of range (0, 1]");
                }
                if ((d.slowMs() == null) != (d.breakSeconds() == null) || (d.slowRatio() != null && d.slowMs() == null)) {
                    fail("protection.productDetail", "a degrade rule needs slowMs and breakSeconds together (slowRatio defaults to 0.5)");
                }
            }
        }

        private void checkLimit(Protection.Limit l, String path) {
            if (l == null) {
                return;
            }
            if (l.qps() == null && l.concurrency() == null && l.perUserQps() == null && l.perSkuQps() == null) {
                fail(path, "sets no limit: give qps, concurrency, perUserQps or perSkuQps");
            }
            checkRange(l.qps(), 1, 1_000_000, path + ".qps");
            checkRange(l.concurrency(), 1, 10_000, path + ".concurrency");
            checkRange(l.perUserQps(), 1, 1_000_000, path + ".perUserQps");
            checkRange(l.perSkuQps(), 1, 1_000_000, path + ".perSkuQps");
        }

        private void checkRange(Integer v, int min, int max, String path) {
            if (v != null && (v < min || v > max)) {
                fail(path, v + " is out of range " + min + ".." + max);
            }
        }

        private void checkLinks(Topology t) {
            List<Placed> all = t.placed();
            for (int i = 0; i < t.links().size(); i++) {
                Link l = t.links().get(i);
                String lPath = "links[" + i + "]";
                requireAny(all, l.from(), lPath + ".from");
                requireAny(all, l.to(), lPath + ".to");
                checkLatency(l.latencyMs(), lPath + ".latencyMs");
                // A link carries a connection only where its caller sends requests to its callee.
                boolean carries = all.stream().anyMatch(f -> Wiring.possibleFlows(f, t).stream().anyMatch(to -> t.link(f, to).orElse(null) == l));
                if (!carries) {
                    fail(lPath, "no connection runs from '" + l.from() + "' to '" + l.to() + "' (a service calls the stores"
                            + " of its own data center unless its calls name others)");
                }
            }
        }

        private void checkLatency(Double ms, String path) {
            if (ms == null) {
                fail(path, "missing: give the one-way latency in milliseconds");
            }
            if (!(ms >= 0 && ms <= 10_000)) {
                fail(path, ms + " is out of range 0..10000");
            }
        }

        private void requireAny(List<Placed> all, String ref, String path) {
            if (ref == null) {
                fail(path, "missing");
            }
            if (all.stream().noneMatch(p -> p.answersTo(ref))) {
                fail(path, "unknown component '" + ref + "'");
            }
        }

        private void requireKind(Topology t, DataCenter dc, String name, String path, ComponentKind kind) {
            Placed target = requireComponent(t, dc, name, path);
            if (target.kind() != kind) {
                fail(path, "'" + name + "' is a " + target.kind().yamlName() + ", expected a " + kind.yamlName());
            }
        }

        private Placed requireComponent(Topology t, DataCenter dc, String name, String path) {
            if (name == null) {
                fail(path, "missing");
            }
            return t.resolve(name, dc).orElseThrow(() -> {
                List<String> candidates = t.placed().stream().filter(p -> p.answersTo(name)).map(Placed::qualifiedName).toList();
                return new TopologyException(source + ":" + locator.lineOf(path) + ": " + path + ": " + (candidates.isEmpty()
                        ? "unknown component '" + name + "'"
                        : "'" + name + "' is ambiguous (" + String.join(", ", candidates) + "): write dc/name"));
            });
        }

        private void fail(String path, String what) {
            throw new TopologyException(source + ":" + locator.lineOf(path) + ": " + path + ": " + what);
        }
    }
}
