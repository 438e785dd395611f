package shoplab.run;

import shoplab.history.Sample;
import shoplab.stack.Stack;
import shoplab.topology.ComponentKind;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the machine's CPU goes, by part of the stack: every thread of the lab's process is one part's (the
 * CDN's event loops, a service's Tomcat threads, a link's relay, the Kafka broker...), and the child processes
 * are the load generator, redis-server and mariadbd. Each sample gives the cores each part used since the
 * previous one, under {@code cpu.<part>} ({@link #KEYS}): the whole stack shares one machine, so a part that
 * takes more leaves less for the others, and this says which hop costs what.
 */
public final class CpuByPart {

    static final String LOAD = "load-generator";
    static final String LINKS = "links";
    static final String CLIENTS = "store-clients";
    static final String LAB = "lab";

    /** The parts measured, in the order a chart stacks them. */
    static final String GSLB = "gslb";

    public static final List<String> PARTS = List.of(LOAD, GSLB, ComponentKind.CDN.yamlName(),
            ComponentKind.LVS.yamlName(), ComponentKind.REVERSE_PROXY.yamlName(), ComponentKind.ORDER_SERVICE.yamlName(),
            ComponentKind.INVENTORY_SERVICE.yamlName(), "other-services", CLIENTS, ComponentKind.REDIS.yamlName(),
            ComponentKind.KAFKA.yamlName(), ComponentKind.DATABASE.yamlName(), LINKS, LAB);

    /** The sample keys, {@code cpu.<part>}. */
    static final List<String> KEYS = PARTS.stream().map(CpuByPart::key).toList();

    public static String key(String part) {
        return Sample.CPU_PREFIX + part;
    }

    /**
     * The cores each part used on average while the load ran: over the samples from the first start to the
     * last end of the measured operation. Empty when no sample fell in it.
     */
    public static Map<String, Double> duringLoad(shoplab.history.History history, String operation) {
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (shoplab.history.Op op : history.ops()) {
            if (op.f().equals(operation)) {
                from = Math.min(from, op.startMs());
                to = Math.max(to, op.endMs());
            }
        }
        Map<String, Double> sum = new java.util.LinkedHashMap<>();
        int n = 0;
        for (Sample s : history.samples()) {
            if (s.atMs() > from && s.atMs() <= to && s.values().containsKey(key(LOAD))) {
                n++;
                for (String part : PARTS) {
                    sum.merge(part, s.values().getOrDefault(key(part), 0.0), Double::sum);
                }
            }
        }
        int samples = n;
        sum.replaceAll((part, total) -> total / samples);
        return n == 0 ? Map.of() : sum;
    }

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Thread-name prefixes of the stack's parts, longest first, to their part. */
    private final List<Map.Entry<String, String>> prefixes;
    /** Tomcat's port to the service kind listening on it. */
    private final Map<Integer, String> servicePorts = new HashMap<>();
    private final Map<Long, String> partOfThread = new HashMap<>();
    private final Map<Long, Long> threadCpu = new HashMap<>();
    private final Map<Long, Long> processCpu = new HashMap<>();
    private long lastNanos;

    CpuByPart(Stack stack) {
        Map<String, String> byPrefix = new HashMap<>();
        for (Stack.Part p : stack.placedParts()) {
            String part = p.tier() == Stack.Tier.LINK ? LINKS : partOf(p.component().kind());
            byPrefix.put(p.name() + "-", part);
            if (p.tier() == Stack.Tier.SERVICE && p.lifecycle().port() > 0) {
                servicePorts.put(p.lifecycle().port(), part);
            }
        }
        stack.links().keySet().forEach(name -> byPrefix.put(name + "-", LINKS));
        byPrefix.put(GSLB + "-", GSLB); // the traffic manager's front, not a placed component
        prefixes = byPrefix.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed()).toList();
        sample(); // the baseline: the first real sample covers the time from here
    }

    private static String partOf(ComponentKind kind) {
        return switch (kind) {
            case ORDER_SERVICE, INVENTORY_SERVICE, CDN, LVS, REVERSE_PROXY, REDIS, KAFKA, DATABASE -> kind.yamlName();
            case STATIC_SITE -> ComponentKind.CDN.yamlName(); // the CDN's origin, in its event loops' shadow
            default -> "other-services";
        };
    }

    /** Cores each part used since the previous call. */
    Map<String, Double> sample() {
        long now = System.nanoTime();
        Map<String, Long> used = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        java.lang.management.ThreadInfo[] infos = null;
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] < 0) {
                continue; // ended meanwhile
            }
            String part = partOfThread.get(ids[i]);
            if (part == null) {
                if (infos == null) {
                    infos = threads.getThreadInfo(ids);
                }
                if (infos[i] == null) {
                    continue;
                }
                part = classify(infos[i].getThreadName());
                partOfThread.put(ids[i], part);
            }
            Long before = threadCpu.put(ids[i], cpu[i]);
            used.merge(part, cpu[i] - (before == null ? cpu[i] : before), Long::sum);
        }
        ProcessHandle.current().descendants().forEach(child -> child.info().totalCpuDuration().ifPresent(d -> {
            Long before = processCpu.put(child.pid(), d.toNanos());
            used.merge(processPart(child), d.toNanos() - (before == null ? d.toNanos() : before), Long::sum);
        }));
        long elapsed = now - lastNanos;
        boolean first = lastNanos == 0;
        lastNanos = now;
        Map<String, Double> cores = new HashMap<>();
        if (!first && elapsed > 0) {
            for (String part : PARTS) {
                cores.put(key(part), used.getOrDefault(part, 0L) / (double) elapsed);
            }
        }
        return cores;
    }

    /** Which part a thread of this process works for, by its name. */
    String classify(String thread) {
        if (thread.startsWith("http-nio-")) { // Tomcat: http-nio-127.0.0.1-<port>-exec-3
            String[] parts = thread.split("-");
            for (String s : parts) {
                if (s.matches("\\d{2,5}") && servicePorts.containsKey(Integer.parseInt(s))) {
                    return servicePorts.get(Integer.parseInt(s));
                }
            }
        }
        for (Map.Entry<String, String> e : prefixes) {
            if (thread.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        if (thread.startsWith("lettuce-") || thread.startsWith("kafka-producer-network-thread")
                || thread.startsWith("HikariPool") || thread.startsWith("order-") || thread.startsWith("stock-worker")) {
            return CLIENTS; // the services' own work off the request threads: store clients, writers, sweeps
        }
        if (thread.startsWith("H2 ")) {
            return ComponentKind.DATABASE.yamlName();
        }
        if (thread.contains("kafka") || thread.startsWith("broker-") || thread.startsWith("quorum-controller")
                || thread.startsWith("group-coordinator") || thread.startsWith("executor-") || thread.contains("raft")) {
            return ComponentKind.KAFKA.yamlName();
        }
        return LAB;
    }

    private static String processPart(ProcessHandle child) {
        Optional<String> command = child.info().command();
        String c = command.orElse("");
        if (c.endsWith("redis-server")) {
            return ComponentKind.REDIS.yamlName();
        }
        if (c.endsWith("mariadbd") || c.endsWith("mysqld")) {
            return ComponentKind.DATABASE.yamlName();
        }
        return c.endsWith("java") ? LOAD : LAB;
    }
}
