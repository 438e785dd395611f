package shoplab.services.tx;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import shoplab.services.common.ApiError;

import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;
import java.sql.Connection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A participant's moves over HTTP, as each strategy's coordinator calls them: {@code plain} (one local
 * transaction per move), {@code tcc} (the same behind the fence), and the XA branch of 2PC ({@code xa/take}
 * starts a branch and takes the unit in it; prepare, commit, rollback and recover follow the XA verbs).
 * A refused move is a 409 naming why; an XA failure a 409 with its XA error code, for the coordinator's
 * transaction manager to act on.
 */
@RestController
@RequestMapping("/internal/tx")
class TxController {

    record Move(String purchaseId, String key) {
    }

    record XaMove(String xid, String purchaseId, String key, Boolean onePhase) {
    }

    record Items(Map<String, Long> items) {
    }

    private final Holds holds;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final LockTimes locks;
    private final String name;
    /** Null on H2: 2PC needs MariaDB's XA, which keeps a prepared branch after its connection ends. */
    private final XaBranches xa;
    /**
     * Branches started and not yet prepared, by xid, with when they started. This service holds their
     * connections for the coordinator, so a coordinator that dies before prepare would leave them (and their row
     * locks) forever; past the coordinator's own transaction timeout they are rolled back, as MariaDB would when a
     * dead coordinator's connection closed.
     */
    private final Map<String, Long> unprepared = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService branchTimeout;

    TxController(Holds holds, JdbcTemplate jdbc, TransactionTemplate tx, LockTimes locks,
                 @Value("${" + TxParticipant.NAME + ":participant}") String name,
                 @Value("${spring.datasource.url}") String url,
                 @Value("${spring.datasource.username:}") String user,
                 @Value("${spring.datasource.password:}") String password) {
        this.holds = holds;
        this.jdbc = jdbc;
        this.tx = tx;
        this.locks = locks;
        this.name = name;
        this.xa = url.startsWith("jdbc:mariadb:") ? new XaBranches(withLockWait(url), user, password) : null;
        this.branchTimeout = xa == null ? null : java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xa-branch-timeout-" + name);
            t.setDaemon(true);
            return t;
        });
        if (branchTimeout != null) {
            branchTimeout.scheduleWithFixedDelay(this::rollBackAbandoned, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Rolls back the branches no coordinator prepared within its transaction timeout. */
    private void rollBackAbandoned() {
        long cutoff = System.currentTimeMillis() - XaCoordinator.TIMEOUT_SECONDS * 1000L;
        unprepared.forEach((xid, since) -> {
            if (since < cutoff && unprepared.remove(xid, since)) {
                try {
                    xa.rollback(XaBranches.fromText(xid));
                } catch (XAException | RuntimeException e) {
                    // prepared or gone meanwhile: nothing of ours to roll back
                }
                locks.closed(xid);
            }
        });
    }

    /** A row lock held by another transaction (a prepared branch in doubt) makes a move wait 3 s at most, not 50. */
    static String withLockWait(String url) {
        return url + (url.contains("?") ? "&" : "?") + "sessionVariables=innodb_lock_wait_timeout=3";
    }

    @PostMapping("/items")
    Map<String, Object> seed(@RequestBody Items items) {
        if (items.items() == null || items.items().isEmpty()) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "NO_ITEMS", "send {items: {key: units}}");
        }
        items.items().forEach((k, v) -> {
            ApiError.requireKey("key", k);
            if (v == null || v < 0 || v > 1_000_000_000L) {
                throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "INVALID_UNITS", k + ": units must be 0..1e9, was " + v);
            }
        });
        tx.executeWithoutResult(s -> holds.seed(jdbc, items.items()));
        return Map.of("seeded", items.items().size());
    }

    @PostMapping("/{mode}/{op}")
    Map<String, Object> move(@PathVariable("mode") String mode, @PathVariable("op") String op, @RequestBody Move m) {
        String purchase = ApiError.requireKey("purchaseId", m.purchaseId());
        Supplier<Holds.Result> move = switch (mode + "/" + op) {
            case "plain/reserve" -> () -> holds.reserve(jdbc, purchase, ApiError.requireKey("key", m.key()), false);
            case "plain/confirm" -> () -> holds.confirm(jdbc, purchase);
            case "plain/cancel" -> () -> holds.cancel(jdbc, purchase);
            case "tcc/try" -> () -> holds.tryReserve(jdbc, purchase, ApiError.requireKey("key", m.key()));
            case "tcc/confirm" -> () -> holds.tccConfirm(jdbc, purchase);
            case "tcc/cancel" -> () -> holds.tccCancel(jdbc, purchase);
            default -> throw new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_MOVE",
                    "moves are plain/reserve|confirm|cancel and tcc/try|confirm|cancel, not " + mode + "/" + op);
        };
        return answer(locally(tx, locks, move));
    }

    /** Runs a move in its own local transaction, timed as a lock; a rival insert for the same purchase is retried once. */
    static Holds.Result locally(TransactionTemplate tx, LockTimes locks, Supplier<Holds.Result> move) {
        for (int attempt = 0; ; attempt++) {
            long from = System.nanoTime();
            try {
                Holds.Result r = tx.execute(s -> move.get());
                locks.record((System.nanoTime() - from) / 1_000_000);
                return r;
            } catch (DuplicateKeyException rival) {
                if (attempt > 0) {
                    throw rival;
                }
            }
        }
    }

    private static Map<String, Object> answer(Holds.Result r) {
        if (r == Holds.Result.NO_UNITS || r == Holds.Result.CONFLICT) {
            throw new ApiError.Rejected(HttpStatus.CONFLICT, r.name(), r == Holds.Result.NO_UNITS
                    ? "no free unit of the item" : "the hold is in a state this move cannot leave");
        }
        return Map.of("result", r.name());
    }

    // ---- XA (2PC) ----

    /** Starts the branch, takes the unit in it and ends the branch's work: it waits for prepare on its connection. */
    @PostMapping("/xa/take")
    Map<String, Object> xaTake(@RequestBody XaMove m) {
        Xid xid = xid(m);
        String purchase = ApiError.requireKey("purchaseId", m.purchaseId());
        String key = ApiError.requireKey("key", m.key());
        try {
            Connection c = branches().begin(xid);
            locks.opened(m.xid());
            unprepared.put(m.xid(), System.currentTimeMillis());
            Holds.Result r;
            try {
                r = holds.reserve(new JdbcTemplate(new SingleConnectionDataSource(c, true)), purchase, key, true);
                branches().end(xid);
            } catch (RuntimeException e) { // a lock wait timed out: the branch goes, its coordinator rolls back
                unprepared.remove(m.xid());
                branches().rollback(xid);
                locks.closed(m.xid());
                throw e;
            }
            if (r != Holds.Result.DONE) { // refused: nothing to prepare, and no coordinator will roll back a failed start
                unprepared.remove(m.xid());
                branches().rollback(xid);
                locks.closed(m.xid());
            }
            return answer(r);
        } catch (XAException e) {
            throw xaRefused(e);
        }
    }

    @PostMapping("/xa/prepare")
    Map<String, Object> xaPrepare(@RequestBody XaMove m) {
        try {
            int vote = branches().prepare(xid(m));
            unprepared.remove(m.xid());
            if (vote == javax.transaction.xa.XAResource.XA_RDONLY) {
                locks.closed(m.xid()); // nothing written: the branch is over
            }
            return Map.of("vote", vote);
        } catch (XAException e) {
            throw xaRefused(e);
        }
    }

    @PostMapping("/xa/commit")
    Map<String, Object> xaCommit(@RequestBody XaMove m) {
        try {
            branches().commit(xid(m), Boolean.TRUE.equals(m.onePhase()));
            locks.closed(m.xid());
            return Map.of("result", "COMMITTED");
        } catch (XAException e) {
            throw xaRefused(e);
        }
    }

    @PostMapping("/xa/rollback")
    Map<String, Object> xaRollback(@RequestBody XaMove m) {
        try {
            unprepared.remove(m.xid());
            branches().rollback(xid(m));
            locks.closed(m.xid());
            return Map.of("result", "ROLLED_BACK");
        } catch (XAException e) {
            throw xaRefused(e);
        }
    }

    @GetMapping("/xa/recover")
    Map<String, Object> xaRecover() {
        try {
            return Map.of("xids", Arrays.stream(branches().recover()).map(XaBranches::toText).toList());
        } catch (XAException e) {
            throw xaRefused(e);
        }
    }

    private XaBranches branches() {
        if (xa == null) {
            throw new ApiError.Rejected(HttpStatus.CONFLICT, "NO_XA", name + "'s database is not MariaDB: 2PC needs XA branches "
                    + "that outlive their connection, which H2 does not keep");
        }
        return xa;
    }

    private static Xid xid(XaMove m) {
        if (m.xid() == null) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "MISSING_XID", "send the branch's xid");
        }
        try {
            return XaBranches.fromText(m.xid());
        } catch (IllegalArgumentException e) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "INVALID_XID", e.getMessage());
        }
    }

    private static ApiError.Rejected xaRefused(XAException e) {
        return new ApiError.Rejected(HttpStatus.CONFLICT, "XA_" + e.errorCode, "XA error " + e.errorCode + ": " + e.getMessage());
    }

    // ---- what the lab reads ----

    /** Every row, read in one transaction (a consistent snapshot), with the counters. */
    @GetMapping("/state")
    Map<String, Object> state() {
        TransactionTemplate snapshot = new TransactionTemplate(tx.getTransactionManager());
        snapshot.setIsolationLevel(Isolation.REPEATABLE_READ.value());
        snapshot.setReadOnly(true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.putAll(snapshot.execute(s -> holds.rows(jdbc)));
        out.putAll(stats());
        return out;
    }

    /** The counters alone, cheap enough to sample four times a second. */
    @GetMapping("/stats")
    Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inDoubt", xa == null ? 0 : xa.inDoubt());
        out.put("emptyRollbacks", holds.emptyRollbacks(jdbc));
        out.put("suspendedTries", holds.suspendedTries());
        out.put("absorbed", holds.absorbed());
        out.put("lag", holds.queueLag.get());
        out.put("locks", locks.figures());
        return out;
    }

    @PreDestroy
    void close() {
        if (branchTimeout != null) {
            branchTimeout.shutdownNow();
        }
        if (xa != null) {
            xa.close();
        }
    }
}
