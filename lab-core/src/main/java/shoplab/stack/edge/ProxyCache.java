package shoplab.stack.edge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * nginx's {@code proxy_cache} for the {@link ReverseProxy}: an in-memory cache of GET answers, keyed by
 * path and query, on the route prefixes it is given (matched on whole path segments, longest first), each
 * with its TTL. What it takes and stores follows nginx's defaults:
 * <ul>
 * <li>only a GET is looked up or stored; any other method, and a GET outside the cached prefixes, is a
 * bypass, relayed by the caller as without a cache. A GET carrying {@code Authorization} or {@code Cookie}
 * is a bypass too (nginx's usual {@code proxy_cache_bypass}/{@code proxy_no_cache $http_authorization}):
 * its answer may be personal, so it is neither stored nor given someone else's;</li>
 * <li>only a 200 is stored, and not when the upstream says {@code Cache-Control: no-store}, {@code private}
 * or {@code no-cache}, sets a cookie, or varies on request headers (one key per path and query holds one
 * variant only); {@code s-maxage}/{@code max-age=N} shortens the route's TTL to N s, and 0 means not at
 * all. The client's own {@code Cache-Control} is ignored, as nginx does: otherwise any client could send
 * the whole load to the origin;</li>
 * <li>at most {@value #MAX_ENTRIES} entries and {@value #MAX_BYTES} body bytes by default: a store past
 * either drops expired entries first, then the oldest stored.</li>
 * </ul>
 *
 * <p>Concurrent misses of one key make one upstream call (nginx's {@code proxy_cache_lock}): the first
 * goes upstream, the others wait for its answer and are served from the cache, or go upstream themselves
 * when it was not stored or after {@link #LOCK_TIMEOUT}. Without it, the expiry of a hot key would send
 * every request arriving during one upstream round trip to the origin at once, the very load the cache is
 * there to take off it.
 *
 * <p>Entries, fills in flight and the counters share one lock, held for map work only, never across an
 * upstream call, so {@link #stats()} is one consistent moment. Nothing here blocks: a caller gets a future.
 */
public final class ProxyCache {

    public static final int MAX_ENTRIES = 10_000;
    public static final long MAX_BYTES = 64L << 20;
    /** As nginx's {@code proxy_cache_lock_timeout} default. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

    /** Cache GET answers under {@code prefix} (whole path segments) for at most {@code ttl}. */
    public record CachedRoute(String prefix, Duration ttl) {
        public CachedRoute {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(ttl, "ttl");
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException("cached prefix must start with '/': " + prefix);
            }
            if (ttl.isZero() || ttl.isNegative()) {
                throw new IllegalArgumentException("cache TTL must be positive: " + prefix + " " + ttl);
            }
        }
    }

    /**
     * The counters at one moment. A hit or a miss is a GET the cache covers (a miss went upstream, so
     * misses count the origin's cacheable load); a bypass is any other request; stores and purges count
     * entries.
     */
    public record Stats(long hits, long misses, long bypasses, long stores, long purges) {
        /** Hits over hits and misses; 0 before any. */
        public double hitRatio() {
            long looked = hits + misses;
            return looked == 0 ? 0 : (double) hits / looked;
        }
    }

    /** A request as the cache sees it: the canonical path, the raw query (null: none) and the headers. */
    public record Request(String method, String path, String query, HttpHeaders headers) {
        String key() {
            return query == null ? path : path + "?" + query;
        }
    }

    /** An answer: status, end-to-end headers and body, none of them changed once made (hits share them). */
    public record Answer(int status, HttpHeaders headers, byte[] body) {
    }

    public enum Status { HIT, MISS, BYPASS }

    /** How a request was served; {@code answer} is null for a bypass, which the caller relays itself. */
    public record Result(Status status, Answer answer) {
    }

    private static final Result BYPASSED = new Result(Status.BYPASS, null);

    private final List<CachedRoute> routes;
    private final int maxEntries;
    private final long maxBytes;
    private final long lockTimeoutNanos;
    private final LongSupplier nanoTime;

    private final Object lock = new Object();
    // all guarded by lock:
    /** In store order, the oldest first (a store moves its key to the end). */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Fill> fills = new HashMap<>();
    private long bytes;
    /** No entry expires before this (a lower bound, valid while there are entries): sweeps are skipped until then. */
    private long earliestExpiry;
    private long hits;
    private long misses;
    private long bypasses;
    private long stores;
    private long purges;

    public ProxyCache(List<CachedRoute> routes) {
        this(routes, MAX_ENTRIES, MAX_BYTES, LOCK_TIMEOUT, System::nanoTime);
    }

    /** With bounds, lock timeout and clock ({@link System#nanoTime()}-like) of one's choosing (tests). */
    ProxyCache(List<CachedRoute> routes, int maxEntries, long maxBytes, Duration lockTimeout, LongSupplier nanoTime) {
        List<CachedRoute> sorted = new ArrayList<>(routes);
        if (new HashSet<>(sorted.stream().map(CachedRoute::prefix).toList()).size() != sorted.size()) {
            throw new IllegalArgumentException("a cached prefix is given twice: " + routes);
        }
        sorted.sort(Comparator.comparingInt((CachedRoute r) -> r.prefix().length()).reversed());
        if (maxEntries < 1 || maxBytes < 1 || lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("bounds and lock timeout must be positive");
        }
        this.routes = List.copyOf(sorted);
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.lockTimeoutNanos = lockTimeout.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Whether GETs of {@code path} (canonical) are cached. */
    public boolean covers(String path) {
        return routeFor(path) != null;
    }

    /**
     * Serves {@code request}: from the cache when fresh (HIT); else through {@code upstream}, storing what
     * may be stored (MISS); or not at all (BYPASS, counted, {@code upstream} not called: the caller relays
     * the request as it would without a cache). {@code upstream} may be called on another thread (after a
     * lock timeout); the future fails only when it does.
     */
    public CompletableFuture<Result> get(Request request, Supplier<? extends CompletionStage<Answer>> upstream) {
        CachedRoute route = routeFor(request.path());
        boolean cacheable = route != null && "GET".equals(request.method()) && !carriesCredentials(request.headers());
        String key = request.key();
        long now = nanoTime.getAsLong();
        Fill fill;
        boolean leader;
        synchronized (lock) {
            if (!cacheable) {
                bypasses++;
                return CompletableFuture.completedFuture(BYPASSED);
            }
            Entry entry = fresh(key, now);
            if (entry != null) {
                hits++;
                return CompletableFuture.completedFuture(new Result(Status.HIT, entry.answer));
            }
            fill = fills.get(key);
            // a fill older than the lock timeout is presumed lost (nginx's proxy_cache_lock_age): were it
            // kept, every later miss of the key would wait the whole timeout
            leader = fill == null || now - fill.startedAt >= lockTimeoutNanos;
            if (leader) {
                fill = new Fill(request.path(), now);
                fills.put(key, fill);
                misses++;
            }
        }
        return leader ? lead(key, route, fill, upstream) : await(fill, upstream);
    }

    /** Removes every entry whose path starts with {@code pathPrefix}; returns how many. */
    public int purge(String pathPrefix) {
        // a plain prefix, not whole segments: purging too much costs a miss, too little serves stale data
        synchronized (lock) {
            int removed = 0;
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
                Entry entry = it.next();
                if (entry.path.startsWith(pathPrefix)) {
                    it.remove();
                    bytes -= entry.size();
                    removed++;
                }
            }
            // a fill in flight may bring an answer from before the change that called for the purge
            for (Fill fill : fills.values()) {
                if (fill.path.startsWith(pathPrefix)) {
                    fill.purged = true;
                }
            }
            purges += removed;
            return removed;
        }
    }

    public Stats stats() {
        synchronized (lock) {
            return new Stats(hits, misses, bypasses, stores, purges);
        }
    }

    /** Entries held (expired ones included until a lookup or a store drops them). */
    public int size() {
        synchronized (lock) {
            return entries.size();
        }
    }

    private CachedRoute routeFor(String path) {
        for (CachedRoute route : routes) {
            if (CanonicalPath.isUnder(path, route.prefix())) {
                return route;
            }
        }
        return null;
    }

    private static boolean carriesCredentials(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.AUTHORIZATION) || headers.contains(HttpHeaderNames.COOKIE);
    }

    /** Goes upstream for the key, stores the answer when it may, and hands the outcome to the waiters. */
    private CompletableFuture<Result> lead(String key, CachedRoute route, Fill fill,
            Supplier<? extends CompletionStage<Answer>> upstream) {
        return call(upstream).whenComplete((answer, failure) -> {
            Entry stored = null;
            try {
                stored = finish(key, route, fill, failure == null ? answer : null);
            } finally {
                fill.done.complete(stored); // always, or the waiters would sit out their timeout
            }
        }).thenApply(answer -> new Result(Status.MISS, answer));
    }

    /**
     * Waits for another request's fill: served from the cache when it stored the answer, else (not
     * storable, failed, purged meanwhile, or no answer within the lock timeout) upstream without storing,
     * as nginx does. Queueing again behind a new leader instead would serialise the requests of a key whose
     * answers are never stored.
     */
    private CompletableFuture<Result> await(Fill fill, Supplier<? extends CompletionStage<Answer>> upstream) {
        // a copy: one waiter's timeout must not complete the fill for the others
        return fill.done.copy().completeOnTimeout(null, lockTimeoutNanos, TimeUnit.NANOSECONDS).thenCompose(entry -> {
            synchronized (lock) {
                if (entry != null) {
                    hits++;
                } else {
                    misses++;
                }
            }
            return entry != null ? CompletableFuture.completedFuture(new Result(Status.HIT, entry.answer))
                    : call(upstream).thenApply(answer -> new Result(Status.MISS, answer));
        });
    }

    private static CompletableFuture<Answer> call(Supplier<? extends CompletionStage<Answer>> upstream) {
        try {
            return upstream.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Ends a fill: stores {@code answer} (null: none came) if it may be; returns the entry stored, or null. */
    private Entry finish(String key, CachedRoute route, Fill fill, Answer answer) {
        long ttl = answer == null ? 0 : freshnessNanos(route.ttl(), answer);
        Entry entry = null;
        if (ttl > 0) {
            HttpHeaders kept = answer.headers().copy();
            HttpForwarder.stripHopByHop(kept);
            long now = nanoTime.getAsLong();
            entry = new Entry(fill.path, new Answer(answer.status(), kept, answer.body()), now + ttl);
        }
        synchronized (lock) {
            fills.remove(key, fill);
            if (entry == null || fill.purged) {
                return null;
            }
            Entry old = entries.remove(key);
            if (old != null) {
                bytes -= old.size();
            }
            if (!makeRoom(entry)) {
                return null;
            }
            if (entries.isEmpty() || entry.expiresAt - earliestExpiry < 0) {
                earliestExpiry = entry.expiresAt;
            }
            entries.put(key, entry);
            bytes += entry.size();
            stores++;
            return entry;
        }
    }

    /**
     * How long a 200 may be kept: the route's TTL, shortened by {@code s-maxage} (a shared cache's own) or
     * {@code max-age}; 0 when it must not be stored.
     */
    static long freshnessNanos(Duration routeTtl, Answer answer) {
        HttpHeaders headers = answer.headers();
        if (answer.status() != 200 || headers.contains(HttpHeaderNames.SET_COOKIE)
                || headers.contains(HttpHeaderNames.VARY)) {
            return 0;
        }
        long maxAge = -1;
        long sMaxAge = -1;
        for (String value : headers.getAll(HttpHeaderNames.CACHE_CONTROL)) {
            for (String directive : value.split(",")) {
                String d = directive.trim().toLowerCase(Locale.ROOT);
                int eq = d.indexOf('=');
                String name = eq < 0 ? d : d.substring(0, eq).trim();
                switch (name) {
                    case "no-store", "private", "no-cache" -> {
                        return 0; // private="field" and no-cache="field" too: not worth the partial storing
                    }
                    case "max-age" -> maxAge = deltaSeconds(eq < 0 ? "" : d.substring(eq + 1));
                    case "s-maxage" -> sMaxAge = deltaSeconds(eq < 0 ? "" : d.substring(eq + 1));
                    default -> { }
                }
            }
        }
        long ttl = routeTtl.toNanos();
        long seconds = sMaxAge >= 0 ? sMaxAge : maxAge;
        return seconds < 0 ? ttl : Math.min(ttl, TimeUnit.SECONDS.toNanos(seconds));
    }

    /** A delta-seconds value ({@code 60} or {@code "60"}); an invalid one counts as 0 (stale), a huge one saturates. */
    private static long deltaSeconds(String value) {
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    /** The fresh entry for {@code key}, or null (an expired one is dropped). Under the lock. */
    private Entry fresh(String key, long now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (now - entry.expiresAt < 0) {
            return entry;
        }
        entries.remove(key);
        bytes -= entry.size();
        return null;
    }

    /** Frees room for {@code entry}: expired entries first, then the oldest. False if it can never fit. Under the lock. */
    private boolean makeRoom(Entry entry) {
        if (entry.size() > maxBytes) {
            return false;
        }
        if (entries.size() < maxEntries && bytes + entry.size() <= maxBytes) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (!entries.isEmpty() && now - earliestExpiry >= 0) {
            sweepExpired(now);
        }
        for (Iterator<Entry> it = entries.values().iterator();
                it.hasNext() && (entries.size() >= maxEntries || bytes + entry.size() > maxBytes); ) {
            bytes -= it.next().size();
            it.remove();
        }
        return true;
    }

    /** Drops expired entries and tightens {@link #earliestExpiry} to the survivors'. Under the lock. */
    private void sweepExpired(long now) {
        boolean first = true;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (now - entry.expiresAt >= 0) {
                bytes -= entry.size();
                it.remove();
            } else if (first || entry.expiresAt - earliestExpiry < 0) {
                earliestExpiry = entry.expiresAt;
                first = false;
            }
        }
    }

    private record Entry(String path, Answer answer, long expiresAt) {
        long size() {
            return answer.body().length;
        }
    }

    /** One upstream call in flight for a key, which other misses of the key wait for. */
    private static final class Fill {
        final String path;
        final long startedAt;
        /** The entry stored from its answer, or null when none was. */
        final CompletableFuture<Entry> done = new CompletableFuture<>();
        /** Guarded by the cache's lock. */
        boolean purged;

        Fill(String path, long startedAt) {
            this.path = path;
            this.startedAt = startedAt;
        }
    }

    @Override
    public String toString() {
        return "ProxyCache[" + routes + "]";
    }
}
