package shoplab.services.common;

import com.alibaba.csp.sentinel.Entry;
import com.alibaba.csp.sentinel.EntryType;
import com.alibaba.csp.sentinel.SphU;
import com.alibaba.csp.sentinel.Tracer;
import com.alibaba.csp.sentinel.slots.block.BlockException;
import com.alibaba.csp.sentinel.slots.block.RuleConstant;
import com.alibaba.csp.sentinel.slots.block.degrade.DegradeRule;
import com.alibaba.csp.sentinel.slots.block.degrade.DegradeRuleManager;
import com.alibaba.csp.sentinel.slots.block.degrade.circuitbreaker.CircuitBreakerStrategy;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRule;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRuleManager;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRule;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRuleManager;
import shoplab.history.Op;
import shoplab.topology.Protection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One service instance's protection, with Sentinel: a core path over its limits (QPS, requests at once, QPS
 * per user and per SKU) is shed at once ({@link Shed}: 429 and Retry-After) rather than queued into a timeout; the
 * non-core read over its QPS, or while its breaker is open after too many slow answers, answers from its
 * fallback. Without rules ({@link #NONE}) everything passes untouched.
 *
 * <p>Sentinel keeps its rules and statistics per JVM, and the lab runs every data center's services in one:
 * each guard names its resources after its instance and a sequence ({@code dc-b/order-1#7:buy}), and the
 * rules of every live guard are loaded together. Its system-adaptive rules (load, CPU) would judge the whole
 * lab at once, so the lab does not use them: the per-instance concurrency limit stands in.
 */
public final class Guard implements AutoCloseable {

    /**
     * The response header that says how an answer was served: one of the classes the client history records
     * per operation ({@link Op#FULL}, {@link Op#DEGRADED}, {@link Op#SHED}, {@link Op#FAILED}).
     */
    public static final String CLASS_HEADER = "X-Served-Class";

    /** The protected paths. */
    public static final String BUY = "buy";
    public static final String PAY = "pay";
    public static final String PRODUCT_DETAIL = "product-detail";

    /** Sentinel's log folder, one per process that protects anything (deleted when it exits). */
    public static final String LOG_DIR_PREFIX = "shoplab-sentinel-";

    /** The service property that carries the topology's rules (a {@link Protection}); absent: no protection. */
    public static final String RULES = "shoplab.protection";

    private static final AtomicLong SEQ = new AtomicLong();
    private static final Map<Guard, List<Object>> LIVE = new ConcurrentHashMap<>();

    public static final Guard NONE = new Guard("", null);

    /**
     * Sentinel logs to ~/logs/csp and ~/logs/eagleeye by default: before its first use, its files go to one
     * folder of this process, deleted at exit, and it writes no per-second metric log (the lab samples what it needs).
     */
    private static synchronized void sentinelLogsInOneFolder() {
        if (System.getProperty("csp.sentinel.log.dir") != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory(LOG_DIR_PREFIX);
            System.setProperty("csp.sentinel.log.dir", dir.toString());
            System.setProperty("EAGLEEYE.LOG.PATH", dir.resolve("eagleeye").toString()); // its block log's own logger
            System.setProperty("csp.sentinel.metric.flush.interval", "0");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "sentinel-logs-cleanup"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a folder for Sentinel's logs", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // at exit, nothing to tell anyone
        }
    }

    private final String prefix;
    private final Protection rules;

    private Guard(String instance, Protection rules) {
        this.prefix = instance + "#" + SEQ.incrementAndGet() + ":";
        this.rules = rules;
    }

    /** The guard of one instance under these rules (null: none, everything passes). */
    public static Guard of(String instance, Protection rules) {
        if (rules == null) {
            return NONE;
        }
        sentinelLogsInOneFolder();
        Guard g = new Guard(instance, rules);
        g.load();
        return g;
    }

    /**
     * A guard of hot-parameter rules only: at most {@code perKeyQps[i]} attempts a second for each value of
     * the i-th key of {@link #admit} (the anti-fraud limits: per user, per device, per address).
     */
    public static Guard limiting(String instance, String path, double... perKeyQps) {
        sentinelLogsInOneFolder();
        Guard g = new Guard(instance, null);
        List<Object> mine = new ArrayList<>();
        for (int i = 0; i < perKeyQps.length; i++) {
            mine.add(new ParamFlowRule(g.prefix + path).setParamIdx(i).setGrade(RuleConstant.FLOW_GRADE_QPS).setCount(perKeyQps[i]));
        }
        LIVE.put(g, mine);
        reload();
        return g;
    }

    /**
     * Counts one attempt on {@code path} for each key (a null key: its rule does not apply), or refuses it.
     *
     * @throws Shed when a key is over its rate
     */
    public void admit(String path, Object... keys) {
        Entry entry;
        try {
            entry = SphU.entry(prefix + path, EntryType.IN, 1, keys);
        } catch (BlockException e) {
            throw new Shed(path + ": too many attempts (" + e.getClass().getSimpleName() + ")");
        }
        entry.exit(1, keys);
    }

    /** What a core path over its limits throws: the caller answers 429 with Retry-After, at once. */
    public static final class Shed extends RuntimeException {
        public Shed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Runs a core path, or sheds it. {@code user} and {@code sku} feed the per-user and per-SKU rules (either
     * may be null: that rule then does not apply).
     *
     * @throws Shed when over a limit: nothing of {@code work} ran
     */
    public <T> T core(String path, String user, String sku, Callable<T> work) throws Exception {
        if (rules == null) {
            return work.call();
        }
        Object[] args = {user, sku}; // a null key passes its hot-parameter rule (Sentinel's: no value, no check)
        Entry entry;
        try {
            entry = SphU.entry(prefix + path, EntryType.IN, 1, args);
        } catch (BlockException e) {
            throw new Shed(path + " is over its limit here (" + e.getClass().getSimpleName() + "): retry shortly");
        }
        try {
            return work.call();
        } catch (Exception | Error e) {
            Tracer.traceEntry(e, entry);
            throw e;
        } finally {
            entry.exit(1, args);
        }
    }

    /** A non-core read's answer: full, or its fallback's. */
    public record Answer<T>(T body, boolean degraded) {
        public String servedClass() {
            return degraded ? Op.DEGRADED : Op.FULL;
        }
    }

    /** Runs a non-core read, or its fallback when over its limit or while its breaker is open. */
    public <T> Answer<T> orFallback(String path, Supplier<T> full, Supplier<T> fallback) {
        if (rules == null) {
            return new Answer<>(full.get(), false);
        }
        Entry entry;
        try {
            entry = SphU.entry(prefix + path, EntryType.IN);
        } catch (BlockException e) {
            return new Answer<>(fallback.get(), true);
        }
        try {
            return new Answer<>(full.get(), false);
        } catch (RuntimeException e) {
            Tracer.traceEntry(e, entry);
            return new Answer<>(fallback.get(), true);
        } finally {
            entry.exit();
        }
    }

    /** This guard's rules leave with its service. */
    @Override
    public void close() {
        if (LIVE.remove(this) != null) {
            reload();
        }
    }

    private void load() {
        List<Object> mine = new ArrayList<>();
        limit(BUY, rules.buy(), mine);
        limit(PAY, rules.pay(), mine);
        Protection.Degrade d = rules.productDetail();
        if (d != null) {
            if (d.qps() != null) {
                mine.add(new FlowRule(prefix + PRODUCT_DETAIL).setGrade(RuleConstant.FLOW_GRADE_QPS).setCount(d.qps()));
            }
            if (d.slowMs() != null) {
                mine.add(new DegradeRule(prefix + PRODUCT_DETAIL).setGrade(CircuitBreakerStrategy.SLOW_REQUEST_RATIO.getType())
                        .setCount(d.slowMs()).setSlowRatioThreshold(d.slowRatio() == null ? 0.5 : d.slowRatio())
                        .setMinRequestAmount(5).setStatIntervalMs(1000).setTimeWindow(d.breakSeconds()));
            }
        }
        LIVE.put(this, mine);
        reload();
    }

    private void limit(String path, Protection.Limit l, List<Object> into) {
        if (l == null) {
            return;
        }
        if (l.qps() != null) {
            into.add(new FlowRule(prefix + path).setGrade(RuleConstant.FLOW_GRADE_QPS).setCount(l.qps()));
        }
        if (l.concurrency() != null) {
            into.add(new FlowRule(prefix + path).setGrade(RuleConstant.FLOW_GRADE_THREAD).setCount(l.concurrency()));
        }
        if (l.perUserQps() != null) {
            into.add(new ParamFlowRule(prefix + path).setParamIdx(0).setGrade(RuleConstant.FLOW_GRADE_QPS).setCount(l.perUserQps()));
        }
        if (l.perSkuQps() != null) {
            into.add(new ParamFlowRule(prefix + path).setParamIdx(1).setGrade(RuleConstant.FLOW_GRADE_QPS).setCount(l.perSkuQps()));
        }
    }

    /** Sentinel's rule managers hold one list each per JVM: every live guard's rules, loaded together. */
    private static synchronized void reload() {
        List<FlowRule> flow = new ArrayList<>();
        List<ParamFlowRule> param = new ArrayList<>();
        List<DegradeRule> degrade = new ArrayList<>();
        for (List<Object> rules : LIVE.values()) {
            for (Object r : rules) {
                if (r instanceof FlowRule f) {
                    flow.add(f);
                } else if (r instanceof ParamFlowRule p) {
                    param.add(p);
                } else if (r instanceof DegradeRule d) {
                    degrade.add(d);
                }
            }
        }
        FlowRuleManager.loadRules(flow);
        ParamFlowRuleManager.loadRules(param);
        DegradeRuleManager.loadRules(degrade);
    }
}
