package shoplab.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.stack.edge.Gslb;
import shoplab.stack.net.LatencyProxy;
import shoplab.stack.store.MariaDbNode;
import shoplab.stack.store.RedisNode;
import shoplab.topology.ComponentKind;
import shoplab.topology.TrafficManager;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The global traffic manager's brain: health-checks every data center's edge through the {@link Gslb}'s
 * links, and switches the users, the write lease and the stores' primary role from the active data center
 * to a replica one, automatically when the active one fails its checks ({@code switchMode: auto}) or by
 * hand ({@link #switchTo}).
 *
 * <p>A switch, in order: stop granting the lease and refuse users (503, Retry-After); wait out a whole lease,
 * so that no service of the old site can still write; set the old primary database read-only where it is
 * still reachable; let the new primary apply what it received; promote its database and Redis, and point
 * the other replicas at them; point every surviving data center's writer links at the new primary (as a VIP
 * moves); run the scenario's after-switch steps (re-seeding Redis from the promoted database, the arbiter);
 * then grant the new site the lease and send the users there.
 */
public final class TrafficSwitch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficSwitch.class);
    private static final Duration APPLY_WAIT = Duration.ofSeconds(20);
    private static final int AFTER_SWITCH_ATTEMPTS = 5;

    /** What the switch tells the run's history: an action, the data center it concerns, a detail. */
    public interface Listener {
        void event(String action, String target, String detail);
    }

    /** A link a service writes through to a replicated store, retargeted by a switch. */
    record WriterLink(LatencyProxy link, String fromDc, boolean redis, java.util.function.ToDoubleFunction<String> latencyTo) {
    }

    private final Stack stack;
    private final Gslb gslb;
    private final TrafficManager config;
    private final Map<String, URI> health = new LinkedHashMap<>();
    /** The replication links each member store may follow another over: "dc-c/db->dc-b/db" to its port. */
    private final Map<String, Integer> followLinks;
    /** Each database's admin port as the traffic manager reaches it (through its link to the data center). */
    private final Map<String, Integer> fenceLinks;
    private final List<WriterLink> writerLinks;
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private final HttpClient http;
    private final ScheduledExecutorService checker;
    private volatile Listener listener = (a, t, d) -> { };
    private volatile boolean switching;
    private int redisFailures;
    private long redisRetryAt = Long.MIN_VALUE;
    private static final Duration REDIS_RETRY = Duration.ofSeconds(10);
    private static final tools.jackson.databind.ObjectMapper JSON = new tools.jackson.databind.ObjectMapper();

    /** Every replicating data center's stores, as booted: a data center a switch left behind is found here. */
    private final Map<String, Replicas.Site> members;

    TrafficSwitch(Stack stack, Gslb gslb, TrafficManager config, Map<String, URI> health, Map<String, Integer> followLinks,
                  Map<String, Integer> fenceLinks, List<WriterLink> writerLinks, Map<String, Replicas.Site> members) {
        this.members = Map.copyOf(members);
        this.stack = stack;
        this.gslb = gslb;
        this.config = config;
        this.health.putAll(health);
        this.followLinks = Map.copyOf(followLinks);
        this.fenceLinks = Map.copyOf(fenceLinks);
        this.writerLinks = List.copyOf(writerLinks);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(Math.min(1_000, config.healthCheckMs()))).build();
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "traffic-switch");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::check, config.healthCheckMs(), config.healthCheckMs(), TimeUnit.MILLISECONDS);
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    public String active() {
        return gslb.active();
    }

    /** Whether a data center's edge answers the traffic manager now (one check). */
    public boolean healthy(String dc) {
        URI uri = health.get(dc);
        if (uri == null) {
            return false;
        }
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(Math.min(1_000, config.healthCheckMs())))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() < 500;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private void check() {
        String active = gslb.active();
        if (active == null || switching) {
            return;
        }
        if (checkRedis()) {
            // Its Redis primary alone is down: Redis Sentinel's business first. Requests stuck on that Redis can
            // make the whole data center look dead to the health check; switching it over would be the wrong cure.
            failures.clear();
            return;
        }
        int failed = healthy(active) ? 0 : failures.getOrDefault(active, 0) + 1;
        failures.put(active, failed);
        if (failed == config.failureThreshold()) {
            listener.event("detect", active, failed + " health checks failed in a row");
            if (config.automatic()) {
                switchAway(active, "auto");
            } else if (config.operatorDelayMs() != null) { // the person on call, alerted now, switches later
                checker.schedule(() -> {
                    if (active.equals(gslb.active())) {
                        switchAway(active, "by hand, " + config.operatorDelayMs() + " ms after the alert");
                    }
                }, config.operatorDelayMs(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Switches from a failed data center to the first healthy replica; a failure is an event, not an exception. */
    private void switchAway(String from, String why) {
        nextSite(from).ifPresentOrElse(to -> {
            try {
                switchTo(to, why);
            } catch (Exception e) {
                LOG.warn("switch to {} failed: {}", to, e.toString());
                listener.event("switch-failed", to, e.getMessage());
            }
        }, () -> listener.event("switch-failed", from, "no replica data center is healthy"));
    }

    /**
     * Redis Sentinel's part (a stand-in: see decision 0007): the primary's Redis is watched like a data center,
     * and after {@code failureThreshold} checks in a row that find it down, a replica's is promoted in its place
     * (automatically, or by hand: {@link #failRedisOver}). True while that Redis alone is down.
     */
    private boolean checkRedis() {
        Replicas.Site site = stack.replicas().map(Replicas::primary).orElse(null);
        RedisNode primary = site == null ? null : site.redis();
        // Its Redis alone: with the database down too the data center itself died, the data-center switch's case.
        if (primary == null || primary.isUp() || !site.db().isUp()) {
            redisFailures = 0;
            return false;
        }
        redisFailures++;
        if (redisFailures == config.failureThreshold()) {
            listener.event("detect", primary.name(), redisFailures + " checks found the Redis primary down");
        }
        if (redisFailures >= config.failureThreshold() && config.automatic() && System.nanoTime() >= redisRetryAt) {
            try {
                failRedisOver("auto");
            } catch (Exception e) {
                LOG.warn("Redis failover failed: {}", e.toString());
                listener.event("switch-failed", primary.name(), e.getMessage() + "; tried again in "
                        + REDIS_RETRY.toSeconds() + " s if still down");
                redisRetryAt = System.nanoTime() + REDIS_RETRY.toNanos(); // a Sentinel's failover-timeout
            }
        }
        return true;
    }

    /**
     * Replaces the primary data center's Redis (down) with a replica data center's, the data center itself
     * staying: every order service stops changing stock and finishes what it had started; the stock queue
     * drains into the database; the replica's Redis is promoted and every service's link to the old one
     * moved to it (the other replicas follow it); the scenario's after-switch steps rebuild the stock from
     * the order database (an async replica misses the primary's last deductions, and has the units of
     * orders that never were); stock changes resume. Refused (nothing changed) when no replica's Redis is up.
     */
    public synchronized void failRedisOver(String why) throws Exception {
        Replicas replicas = stack.replicas().orElseThrow();
        RedisNode failed = replicas.primary().redis();
        Replicas.Site target = replicas.replicas().stream().filter(s -> s.redis() != null && s.redis().isUp()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("cannot fail Redis over: no replica data center's Redis is up"));
        switching = true;
        long start = System.nanoTime();
        List<String> orders = stack.instanceUrls(ComponentKind.ORDER_SERVICE);
        try {
            listener.event("switch", failed.name() + "->" + target.redis().name(), why + ": stock changes held (503)");
            for (String url : orders) {
                post(url + "/internal/failover/orders/hold");
            }
            long drained = drainStockQueue();
            target.redis().promote();
            List<Replicas.Site> others = new ArrayList<>();
            for (Replicas.Site s : replicas.replicas()) {
                if (s == target) {
                    others.add(new Replicas.Site(s.dc(), s.db(), null)); // its Redis is the primary's now
                } else {
                    if (s.redis() != null) {
                        s.redis().replicaOf(followLinks.get(s.redis().name() + "->" + target.redis().name()));
                    }
                    others.add(s);
                }
            }
            Replicas.Site primary = replicas.primary();
            stack.replicas(new Replicas(replicas.replication(), new Replicas.Site(primary.dc(), primary.db(), target.redis()), others));
            for (WriterLink w : writerLinks) {
                if (w.redis()) {
                    move(w, target.redis(), target.dc());
                }
            }
            listener.event("promote", target.redis().name(), "Redis promoted once the stock queue drained ("
                    + drained + " change(s) were queued); every service's Redis link moved to it");
            for (StackOptions.Setup s : stack.options().afterSwitch()) {
                afterSwitch(s);
            }
            redisFailures = 0;
            listener.event("switched", failed.name() + "->" + target.redis().name(), (stack.options().afterSwitch().isEmpty()
                    ? "no stock rebuild (the scenario has none): the replica's stock as replicated; " : "stock rebuilt from the orders; ")
                    + "stock changes resume, in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } finally {
            for (String url : orders) {
                try {
                    post(url + "/internal/failover/orders/release");
                } catch (Exception e) {
                    LOG.warn("could not release the stock hold of {}: {}", url, e.toString());
                }
            }
            switching = false;
        }
    }

    /**
     * Brings back a data center a switch left behind (healed or restarted) as a replica of the promoted one:
     * its database follows from its own history, its Redis re-syncs, its services write through the
     * primary's stores again. Refused (nothing changed) for the primary, a data center that already follows,
     * or one whose database is down. A former primary that wrote transactions the promoted one never had (what
     * an async failover lost) cannot follow: refused with MariaDB's own error, left read-only and apart (it
     * must be rebuilt from the primary).
     */
    public synchronized void rejoin(String dc) throws Exception {
        Replicas replicas = stack.replicas().orElseThrow();
        Replicas.Site primary = replicas.primary();
        Replicas.Site site = members.get(dc);
        if (site == null || primary.dc().equals(dc) || replicas.replicas().stream().anyMatch(s -> s.dc().equals(dc))) {
            throw new IllegalArgumentException("cannot rejoin " + dc + ": " + (site == null ? "it does not replicate"
                    : primary.dc().equals(dc) ? "it is the primary" : "it already follows " + primary.dc()));
        }
        if (!site.db().isUp()) {
            throw new IllegalArgumentException("cannot rejoin " + dc + ": its database is down (restart it first)");
        }
        // Decided from both binlogs' states, not from a glance at the replica's threads (they run for a moment
        // before the primary's refusal arrives): a diverged server is started, and refused, by MariaDB itself.
        List<String> beyond = site.db().writtenBeyond(primary.db());
        site.db().rejoin(followLinks.get(site.db().name() + "->" + primary.db().name()), replicas.replication().semiSync());
        if (!beyond.isEmpty()) {
            String refusal = site.db().awaitReceiveError(Duration.ofSeconds(10));
            listener.event("rejoin-failed", dc, refusal + " (transactions " + primary.dc() + " never had, " + beyond
                    + ", the ones the switch lost, are in its binlog: it must be rebuilt from " + primary.dc() + ")");
            throw new IllegalStateException("cannot rejoin " + dc + ": " + refusal);
        }
        try {
            site.db().awaitReplicating(Duration.ofSeconds(10));
        } catch (IllegalStateException e) {
            listener.event("rejoin-failed", dc, e.getMessage());
            throw e;
        }
        if (site.redis() != null && site.redis().isUp() && primary.redis() != null) {
            site.redis().replicaOf(followLinks.get(site.redis().name() + "->" + primary.redis().name()));
        }
        for (WriterLink w : writerLinks) {
            if (w.fromDc().equals(dc)) {
                move(w, w.redis() ? primary.redis() : primary.db(), primary.dc());
            }
        }
        List<Replicas.Site> followers = new ArrayList<>(replicas.replicas());
        followers.add(site);
        stack.replicas(new Replicas(replicas.replication(), primary, followers));
        listener.event("rejoin", dc, dc + "'s database and Redis follow " + primary.dc() + "; its services write through "
                + primary.dc() + "'s stores");
    }

    /**
     * Points a writer link at the store (if any) that now takes writes in data center {@code dc}, a VIP moving:
     * the link's latency becomes its caller's to {@code dc}, and it crosses sites only when its caller is elsewhere.
     */
    private void move(WriterLink w, Lifecycle store, String dc) {
        if (store == null) {
            return;
        }
        w.link().retarget(new java.net.InetSocketAddress("127.0.0.1", store.port()), w.latencyTo().applyAsDouble(dc));
        stack.recross(w.link(), w.fromDc().equals(dc) ? java.util.Set.of() : java.util.Set.of(w.fromDc(), dc));
    }

    /**
     * Waits (bounded) until the stock worker applied every queued change, and the order writers every queued
     * order (the queued order path: the rebuild reads the order database); returns how many were queued.
     */
    private long drainStockQueue() throws Exception {
        String inventory = stack.serviceUrl(ComponentKind.INVENTORY_SERVICE);
        long deadline = System.nanoTime() + APPLY_WAIT.toNanos();
        long first = -1;
        while (true) {
            long lag = JSON.readTree(get(inventory + "/internal/stock/queue")).path("queueLag").asLong();
            for (String orders : stack.instanceUrls(ComponentKind.ORDER_SERVICE)) {
                try {
                    lag += JSON.readTree(get(orders + "/internal/orders/queue")).path("queueLag").asLong();
                } catch (Exception downThere) {
                    // an order service of a lost data center: its queue is lost with it
                }
            }
            first = first < 0 ? lag : first;
            if (lag <= 0) {
                return first;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stock queue did not drain within " + APPLY_WAIT.toSeconds() + " s (" + lag + " left)");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return r.body();
    }

    private void post(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private java.util.Optional<String> nextSite(String from) {
        return stack.replicas().orElseThrow().replicas().stream().map(Replicas.Site::dc)
                .filter(dc -> !dc.equals(from) && healthy(dc)).findFirst();
    }

    /**
     * Switches to {@code to}, a replica data center that is up; refused (IllegalArgumentException, nothing
     * changed) for the active one, a data center that does not replicate, or one whose edge or stores are down.
     */
    public synchronized void switchTo(String to, String why) throws Exception {
        Replicas replicas = stack.replicas().orElseThrow();
        Replicas.Site target = replicas.replicas().stream().filter(s -> s.dc().equals(to)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("cannot switch to '" + to + "': the replica data centers are "
                        + String.join(", ", replicas.replicas().stream().map(Replicas.Site::dc).toList())
                        + " (" + replicas.primary().dc() + " is the primary)"));
        if (!target.db().isUp() || (target.redis() != null && !target.redis().isUp()) || !healthy(to)) {
            throw new IllegalArgumentException("cannot switch to " + to + ": it is down (its edge or its stores do not answer)");
        }
        String from = replicas.primary().dc();
        switching = true;
        long start = System.nanoTime();
        try {
            gslb.suspend();
            listener.event("switch", from + "->" + to, why + ": users refused (503), lease withdrawn");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(config.leaseMs() + 100)); // the lease protocol: outlive it
            listener.event("fence", from, fence(replicas.primary().db()));
            long applied = catchUp(target, replicas);
            target.db().promote();
            if (target.redis() != null) {
                target.redis().promote();
            }
            List<Replicas.Site> others = new ArrayList<>();
            for (Replicas.Site s : replicas.replicas()) {
                if (s != target) {
                    s.db().follow(followLinks.get(s.db().name() + "->" + target.db().name()), replicas.replication().semiSync());
                    if (s.redis() != null && target.redis() != null) {
                        s.redis().replicaOf(followLinks.get(s.redis().name() + "->" + target.redis().name()));
                    }
                    others.add(s);
                }
            }
            if (replicas.replication().semiSync()) {
                target.db().leadSemiSync(replicas.replication().semiSyncTimeoutMs());
            }
            stack.replicas(new Replicas(replicas.replication(), target, others));
            for (WriterLink w : writerLinks) {
                if (!w.fromDc().equals(from)) {
                    move(w, w.redis() ? target.redis() : target.db(), to);
                }
            }
            listener.event("promote", to, "database (applied up to transaction " + applied + ") and Redis promoted; "
                    + others.size() + " replica(s) follow " + to);
            for (StackOptions.Setup s : stack.options().afterSwitch()) {
                afterSwitch(s);
            }
            gslb.activate(to);
            listener.event("switched", from + "->" + to, "traffic and lease moved (epoch " + gslb.epoch() + ") in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } finally {
            switching = false;
            failures.clear();
        }
    }

    /**
     * One after-switch step, retried a few times: the writer links were just moved, and a service's first
     * call on a connection the move reset fails once before its client reconnects.
     */
    private void afterSwitch(StackOptions.Setup step) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                step.apply(stack);
                return;
            } catch (Exception e) {
                if (attempt == AFTER_SWITCH_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("after-switch step failed (attempt {}), retrying: {}", attempt, e.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250L * attempt));
            }
        }
    }

    /** Sets the old primary read-only through the traffic manager's link to it; unreachable: the lease alone fences. */
    private String fence(MariaDbNode db) {
        try {
            db.fence(fenceLinks.get(db.name()));
            return db.name() + " set read-only; its lease ran out";
        } catch (Exception e) {
            return db.name() + " unreachable (" + e.getClass().getSimpleName() + "): fenced by its lease alone";
        }
    }

    /**
     * Brings the replica to promote up to the most advanced one: semi-sync returns a commit once <em>some</em>
     * replica has it, and that may be another than the one promoted (a nearer one, or one on a faster link),
     * so the promoted one first fetches by GTID what another replica has and it lacks (as MHA or Orchestrator
     * do). Returns the last transaction the replica to promote applied.
     */
    private long catchUp(Replicas.Site target, Replicas replicas) throws Exception {
        long own = awaitApplied(target.db());
        Replicas.Site ahead = null;
        long best = own;
        for (Replicas.Site s : replicas.replicas()) {
            if (s != target && s.db().isUp()) {
                try {
                    long theirs = awaitApplied(s.db());
                    if (theirs > best) {
                        best = theirs;
                        ahead = s;
                    }
                } catch (Exception unreachable) {
                    // a replica that does not answer cannot help
                }
            }
        }
        if (ahead == null) {
            return own;
        }
        target.db().follow(followLinks.get(target.db().name() + "->" + ahead.db().name()), false);
        long deadline = System.nanoTime() + APPLY_WAIT.toNanos();
        long now = own;
        try (Connection c = target.db().admin()) {
            while ((now = target.db().position(c).applied()) < best && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        listener.event("catch-up", target.dc(), "fetched transactions " + (own + 1) + ".." + now + " from " + ahead.dc()
                + (now < best ? " (of " + best + ": gave up after " + APPLY_WAIT.toSeconds() + " s)" : ""));
        return now;
    }

    /** Waits (bounded) until the replica has applied every transaction it received; returns the last one. */
    private static long awaitApplied(MariaDbNode replica) throws Exception {
        long deadline = System.nanoTime() + APPLY_WAIT.toNanos();
        try (Connection c = replica.admin()) {
            while (true) {
                MariaDbNode.Position p = replica.position(c);
                if (p.applied() >= p.received() || System.nanoTime() > deadline) {
                    return p.applied();
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
