package shoplab.services.tx;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import shoplab.services.common.Safeguards;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A participant of the distributed purchase, as its own database sees it: items with free units (a SKU's
 * stock, or a coupon's single unit) and one hold per purchase, moved by reserve, confirm and cancel. Every
 * move is a conditional UPDATE whose row count decides, and writes its journal row in the same transaction,
 * so a move asked twice (a message redelivered, a retried call) changes nothing the second time and is
 * counted as absorbed. A cancel that comes before its reserve leaves a VOID tombstone, so the late reserve
 * does nothing. The caller owns the transaction: a local one, or an XA branch's connection.
 */
public final class Holds {

    /** What a move did. */
    public enum Result {
        /** Applied now. */
        DONE,
        /** Asked before and already applied: nothing changed (a redelivery absorbed). */
        REPLAYED,
        /** A cancel before any reserve: the tombstone is written (an empty rollback). */
        VOIDED,
        /** A reserve after its purchase was cancelled: nothing reserved (a suspended try). */
        TOO_LATE,
        /** No free unit of the item (or no such item): nothing reserved. */
        NO_UNITS,
        /** The hold is in a state this move cannot leave (confirm after cancel, cancel after confirm). */
        CONFLICT
    }

    public static final String HELD = "HELD";
    public static final String TAKEN = "TAKEN";
    public static final String RETURNED = "RETURNED";
    public static final String VOID = "VOID";

    /** The safeguard a mutant may run without: the fence's suspension of a try after its cancel. */
    public static final String FENCE = "fence";
    static final java.util.Set<String> SAFEGUARDS = java.util.Set.of(FENCE);

    private final Safeguards safeguards;

    public Holds(Safeguards safeguards) {
        this.safeguards = safeguards;
    }

    /** Moves asked again and absorbed, tries suspended by a tombstone or fence, since this instance started. */
    final AtomicLong absorbed = new AtomicLong();
    final AtomicLong suspendedTries = new AtomicLong();
    /** The effect messages the broker holds beyond this participant's consumer (0 without one). */
    final AtomicLong queueLag = new AtomicLong();

    /** Reserves one unit of {@code key} for the purchase: HELD, or TAKEN at once with {@code take} (2PC's single step). */
    public Result reserve(JdbcTemplate jdbc, String purchaseId, String key, boolean take) {
        String state = state(jdbc, purchaseId);
        if (state != null) {
            return seen(state.equals(VOID) ? Result.TOO_LATE : Result.REPLAYED);
        }
        if (jdbc.update("UPDATE tx_item SET free_units = free_units - 1 WHERE item_key = ? AND free_units > 0", key) == 0) {
            return Result.NO_UNITS;
        }
        jdbc.update("INSERT INTO tx_hold (purchase_id, item_key, state, changed_at) VALUES (?, ?, ?, ?)",
                purchaseId, key, take ? TAKEN : HELD, now()); // a rival insert for the same purchase fails the whole move
        journal(jdbc, purchaseId, take ? "take" : "reserve");
        return Result.DONE;
    }

    /** HELD to TAKEN: the purchase was paid. */
    public Result confirm(JdbcTemplate jdbc, String purchaseId) {
        if (jdbc.update("UPDATE tx_hold SET state = 'TAKEN', changed_at = ? WHERE purchase_id = ? AND state = 'HELD'",
                now(), purchaseId) == 1) {
            journal(jdbc, purchaseId, "confirm");
            return Result.DONE;
        }
        return TAKEN.equals(state(jdbc, purchaseId)) ? seen(Result.REPLAYED) : Result.CONFLICT;
    }

    /** HELD to RETURNED with its unit freed; with no hold at all, the VOID tombstone. */
    public Result cancel(JdbcTemplate jdbc, String purchaseId) {
        if (returnHeld(jdbc, purchaseId)) {
            return Result.DONE;
        }
        String state = state(jdbc, purchaseId);
        if (state == null) {
            jdbc.update("INSERT INTO tx_hold (purchase_id, item_key, state, changed_at) VALUES (?, NULL, 'VOID', ?)",
                    purchaseId, now());
            journal(jdbc, purchaseId, "void");
            return Result.VOIDED;
        }
        return state.equals(TAKEN) ? Result.CONFLICT : seen(Result.REPLAYED);
    }

    /** A HELD hold back to RETURNED, its unit freed; false when there is none. */
    private boolean returnHeld(JdbcTemplate jdbc, String purchaseId) {
        List<String> key = jdbc.queryForList("SELECT item_key FROM tx_hold WHERE purchase_id = ? AND state = 'HELD' FOR UPDATE",
                String.class, purchaseId);
        if (key.isEmpty()) {
            return false;
        }
        jdbc.update("UPDATE tx_hold SET state = 'RETURNED', changed_at = ? WHERE purchase_id = ?", now(), purchaseId);
        jdbc.update("UPDATE tx_item SET free_units = free_units + 1 WHERE item_key = ?", key.get(0));
        journal(jdbc, purchaseId, "cancel");
        return true;
    }

    // ---- TCC: the same moves behind the fence, one row per branch ----

    /** Try: the fence row TRIED and the reserve; a try that finds its transaction cancelled does nothing. */
    public Result tryReserve(JdbcTemplate jdbc, String txId, String key) {
        try {
            jdbc.update("INSERT INTO tx_fence (tx_id, state, changed_at) VALUES (?, 'TRIED', ?)", txId, now());
        } catch (DuplicateKeyException seen) {
            if (!"CANCELLED".equals(fence(jdbc, txId))) {
                return seen(Result.REPLAYED);
            }
            if (safeguards.on(FENCE)) {
                return seen(Result.TOO_LATE);
            }
            // the mutant: the late try reserves, and nothing will ever cancel it (a hanging branch)
        }
        return reserve(jdbc, txId, key, false);
    }

    public Result tccConfirm(JdbcTemplate jdbc, String txId) {
        if (jdbc.update("UPDATE tx_fence SET state = 'CONFIRMED', changed_at = ? WHERE tx_id = ? AND state = 'TRIED'", now(), txId) == 1) {
            return confirm(jdbc, txId);
        }
        return "CONFIRMED".equals(fence(jdbc, txId)) ? seen(Result.REPLAYED) : Result.CONFLICT;
    }

    /** Cancel: undoes the try; with no try yet, the empty rollback (fence CANCELLED, so the try cannot hang later). */
    public Result tccCancel(JdbcTemplate jdbc, String txId) {
        if (jdbc.update("UPDATE tx_fence SET state = 'CANCELLED', changed_at = ? WHERE tx_id = ? AND state = 'TRIED'", now(), txId) == 1) {
            returnHeld(jdbc, txId); // a try refused for want of units held nothing: the fence is its record
            return Result.DONE;
        }
        String state = fence(jdbc, txId);
        if (state == null) {
            jdbc.update("INSERT INTO tx_fence (tx_id, state, changed_at) VALUES (?, 'CANCELLED', ?)", txId, now());
            journal(jdbc, txId, "void");
            return Result.VOIDED;
        }
        return state.equals("CANCELLED") ? seen(Result.REPLAYED) : Result.CONFLICT;
    }

    // ---- reads ----

    /** Seeds items (a unit count per key); seeding the same item again resets it. */
    public void seed(JdbcTemplate jdbc, Map<String, Long> items) {
        items.forEach((key, units) -> {
            if (jdbc.update("UPDATE tx_item SET initial_units = ?, free_units = ? WHERE item_key = ?", units, units, key) == 0) {
                jdbc.update("INSERT INTO tx_item (item_key, initial_units, free_units) VALUES (?, ?, ?)", key, units, units);
            }
        });
    }

    /** Every item, hold and journal row, for the checkers (read in one transaction by the caller). */
    public Map<String, Object> rows(JdbcTemplate jdbc) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", jdbc.queryForList("SELECT item_key AS \"key\", initial_units AS \"initial\", free_units AS \"free\" "
                + "FROM tx_item ORDER BY item_key"));
        out.put("holds", jdbc.queryForList("SELECT purchase_id AS \"purchaseId\", item_key AS \"key\", state AS \"state\" "
                + "FROM tx_hold ORDER BY purchase_id"));
        out.put("effects", jdbc.queryForList("SELECT purchase_id AS \"purchaseId\", op AS \"op\", at_ms AS \"atMs\" "
                + "FROM tx_effect ORDER BY id"));
        return out;
    }

    /** Empty rollbacks so far: the tombstones and fences a cancel wrote before any try (from the journal). */
    public long emptyRollbacks(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM tx_effect WHERE op = 'void'", Long.class);
    }

    public long absorbed() {
        return absorbed.get();
    }

    public long suspendedTries() {
        return suspendedTries.get();
    }

    private Result seen(Result r) {
        if (r == Result.REPLAYED) {
            absorbed.incrementAndGet();
        } else if (r == Result.TOO_LATE) {
            suspendedTries.incrementAndGet();
        }
        return r;
    }

    private static String state(JdbcTemplate jdbc, String purchaseId) {
        return jdbc.queryForList("SELECT state FROM tx_hold WHERE purchase_id = ?", String.class, purchaseId)
                .stream().findFirst().orElse(null);
    }

    private static String fence(JdbcTemplate jdbc, String txId) {
        return jdbc.queryForList("SELECT state FROM tx_fence WHERE tx_id = ?", String.class, txId).stream().findFirst().orElse(null);
    }

    private static void journal(JdbcTemplate jdbc, String purchaseId, String op) {
        jdbc.update("INSERT INTO tx_effect (purchase_id, op, at_ms) VALUES (?, ?, ?)", purchaseId, op, now());
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
