package shoplab.services.order;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import shoplab.history.Op;
import shoplab.services.common.ApiError;
import shoplab.services.common.Guard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orders: place (deduct stock, then hold the order for payment), pay, read; and the figures the lab
 * samples. An order is acknowledged (201) only once the stock deduction and the order row are both done.
 */
@RestController
public class OrderController {

    /** A buy: who, what, how many, and the sale token the page handed out (needed under the token defence). */
    public record PlaceRequest(String user, String sku, Integer qty, String token) {
    }

    private final OrderTable orders;
    private final InventoryClient inventory;
    private final long holdMillis;
    private final AtomicLong seq;
    private final String idPrefix;

    private final Guard guard;
    private final StockHold hold;
    private final GivenUpOrders givenUp;
    private final AntiFraud antiFraud;
    private final shoplab.services.common.DbStatements statements;
    /** The queued order path, when the stock strategy is {@code redis-mq}; else null. */
    private final QueuedOrders queued;

    public OrderController(OrderTable orders, InventoryClient inventory, Guard guard, StockHold hold,
                           GivenUpOrders givenUp, AntiFraud antiFraud, shoplab.services.common.DbStatements statements,
                           org.springframework.beans.factory.ObjectProvider<QueuedOrders> queued,
                           @Value("${" + OrderApp.HOLD_MILLIS + "}") long holdMillis,
                           @Value("${" + OrderApp.ORDER_ID_PREFIX + ":o}") String idPrefix) {
        if (!idPrefix.matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException(OrderApp.ORDER_ID_PREFIX + " must be 1-16 lower-case letters or digits, was " + idPrefix);
        }
        this.idPrefix = idPrefix;
        this.orders = orders;
        this.inventory = inventory;
        this.holdMillis = holdMillis;
        this.guard = guard;
        this.hold = hold;
        this.givenUp = givenUp;
        this.antiFraud = antiFraud;
        this.statements = statements;
        this.queued = queued.getIfAvailable();
        this.seq = new AtomicLong(orders.maxSeq(idPrefix));
    }

    @PostMapping("/api/orders")
    public ResponseEntity<Map<String, Object>> place(@RequestBody PlaceRequest r,
                                                     @org.springframework.web.bind.annotation.RequestHeader(name = AntiFraud.DEVICE_HEADER, required = false) String device,
                                                     @org.springframework.web.bind.annotation.RequestHeader(name = AntiFraud.ADDRESS_HEADER, required = false) String forwardedFor)
            throws Exception {
        String user = ApiError.requireKey("user", r.user());
        String sku = ApiError.requireKey("sku", r.sku());
        int qty = ApiError.requireQuantity(r.qty());
        ResponseEntity<Map<String, Object>> refused = antiFraud.refusal(user, sku, device, AntiFraud.clientAddress(forwardedFor), r.token());
        if (refused != null) {
            return refused;
        }
        return guard.core(Guard.BUY, user, sku, () -> {
            ResponseEntity<Map<String, Object>> placed = hold.unlessHeld(() -> queued != null ? placeQueued(user, sku, qty)
                    : placeAdmitted(user, sku, qty));
            return placed != null ? placed : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                    .header(Guard.CLASS_HEADER, Op.SHED).body(Map.of("error", "STOCK_FAILOVER",
                            "message", "the stock's Redis is failing over: retry shortly"));
        });
    }

    /** The sale page's token for this user and SKU, once the sale opened (403 SALE_NOT_OPEN before). */
    @GetMapping("/api/orders/sale-token")
    public ResponseEntity<Map<String, Object>> saleToken(@org.springframework.web.bind.annotation.RequestParam(name = "user", required = false) String user,
                                                         @org.springframework.web.bind.annotation.RequestParam(name = "sku", required = false) String sku) {
        ApiError.requireKey("user", user);
        ApiError.requireKey("sku", sku);
        String token = antiFraud.token(user, sku);
        return token == null ? AntiFraud.notOpen(antiFraud.opensAt()) : ResponseEntity.ok(Map.of("token", token));
    }

    /** When the sale opens (epoch ms): the lab sets it as a run's load starts, in every data center (not fenced). */
    public record Opening(Long opensAt) {
    }

    @PostMapping("/internal/config/sale-opening")
    public Map<String, Object> opening(@RequestBody Opening o) {
        if (o.opensAt() == null || o.opensAt() < 0) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "BAD_OPENING", "opensAt must be an epoch millisecond >= 0");
        }
        antiFraud.opensAt(o.opensAt());
        return Map.of("opensAt", o.opensAt());
    }

    /**
     * The order queue's lag alone (it reads no store: a Redis failover waits on it while that Redis is down);
     * 0 on the direct path, which has no order queue.
     */
    @GetMapping("/internal/orders/queue")
    public Map<String, Object> queue() {
        return Map.of("queueLag", queued == null ? 0 : queued.queueLag());
    }

    /** Holds every stock change of this service until {@link #releaseStock} (a Redis failover rebuilds the stock meanwhile). */
    @PostMapping("/internal/failover/orders/hold")
    public ResponseEntity<Map<String, Object>> holdStock() throws InterruptedException {
        if (!hold.hold()) {
            return ApiError.body(HttpStatus.SERVICE_UNAVAILABLE, "STILL_PLACING", "placements under way did not finish within "
                    + StockHold.DRAIN_SECONDS + " s: no hold");
        }
        return ResponseEntity.ok(Map.of("held", true));
    }

    @PostMapping("/internal/failover/orders/release")
    public Map<String, Object> releaseStock() {
        hold.release();
        return Map.of("held", false);
    }

    /** The queued path: the unit and the order in the Redis buffer, the order on the queue, answered at once. */
    private ResponseEntity<Map<String, Object>> placeQueued(String user, String sku, int qty) {
        QueuedOrders.Placement p = queued.place(user, sku, qty);
        return switch (p.result()) {
            case OK -> ResponseEntity.status(HttpStatus.CREATED).body(Map.of("orderId", p.orderId(), "status", OrderBuffer.QUEUED));
            case SOLD_OUT -> ApiError.body(HttpStatus.CONFLICT, "SOLD_OUT", sku + " is sold out");
            case LIMIT_REACHED -> ApiError.body(HttpStatus.CONFLICT, "LIMIT_REACHED", user + " reached the per-user limit for " + sku);
            case ORDER_CLOSED -> ApiError.body(HttpStatus.CONFLICT, "ORDER_CLOSED", p.orderId() + " was placed or released already");
            case UNKNOWN_SKU -> ApiError.body(HttpStatus.NOT_FOUND, "UNKNOWN_SKU", "no such SKU: " + sku);
        };
    }

    private ResponseEntity<Map<String, Object>> placeAdmitted(String user, String sku, int qty) {
        long n = seq.incrementAndGet();
        String orderId = OrderTable.orderId(idPrefix, n, user);
        InventoryClient.Answer a;
        try {
            a = inventory.deduct(orderId, user, sku, qty);
        } catch (IOException e) {
            return givenUp(orderId, sku, "INVENTORY_UNREACHABLE", "no answer from the inventory (" + e + ")");
        }
        if (a.status() >= 500 && a.status() != 503) { // neither yes nor no: it may have deducted
            return givenUp(orderId, sku, "INVENTORY_ERROR", "the inventory answered " + a.status());
        }
        // Only an explicit OK acknowledges the deduction; anything else sells nothing.
        if (a.status() != 200 || !"OK".equals(a.body().path("result").asString(""))) {
            // 503: the inventory is fenced or shedding; the buyer may retry, as it would be told at the edge.
            HttpStatus status = a.status() == 409 || a.status() == 404 || a.status() == 400 || a.status() == 503
                    ? HttpStatus.valueOf(a.status()) : HttpStatus.BAD_GATEWAY;
            if (a.status() == 200) {
                return ApiError.body(HttpStatus.BAD_GATEWAY, "INVENTORY_ERROR", "inventory answered 200 without a result");
            }
            if (a.status() == 503) { // refused at once, nothing done: shed, as the inventory said
                return ResponseEntity.status(status).header("Retry-After", "1").header(Guard.CLASS_HEADER, Op.SHED)
                        .body(Map.of("error", a.error().isEmpty() ? "INVENTORY_UNAVAILABLE" : a.error(),
                                "message", a.body().path("message").asString("inventory answered 503")));
            }
            return ApiError.body(status, a.error().isEmpty() ? "INVENTORY_ERROR" : a.error(),
                    a.body().path("message").asString("inventory answered " + a.status()));
        }
        long now = System.currentTimeMillis();
        try {
            orders.insertHeld(orderId, n, user, sku, qty, now, now + holdMillis);
        } catch (org.springframework.dao.DataAccessException e) {
            return givenUp(orderId, sku, "ORDER_NOT_SAVED", "the order could not be written (" + e.getMostSpecificCause() + ")");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("orderId", orderId, "status", "HELD"));
    }

    /**
     * A placement that cannot end in an order although its unit may be deducted: the unit is given back (now
     * and until the inventory confirms) and the buyer told nothing was bought.
     */
    private ResponseEntity<Map<String, Object>> givenUp(String orderId, String sku, String error, String why) {
        givenUp.giveUp(orderId, sku);
        return ApiError.body(HttpStatus.BAD_GATEWAY, error, why + ": nothing was bought, " + orderId + " is given up");
    }

    /** Pays a held order. A hold that expired, or an order paid already, is refused with 409. */
    @PostMapping("/api/orders/{id}/pay")
    public ResponseEntity<Map<String, Object>> pay(@PathVariable("id") String id) throws Exception {
        ApiError.requireKey("orderId", id);
        return guard.core(Guard.PAY, null, null, () -> payAdmitted(id));
    }

    private ResponseEntity<Map<String, Object>> payAdmitted(String id) {
        if (queued != null) {
            return switch (queued.pay(id)) {
                case OK -> ResponseEntity.ok(Map.of("orderId", id, "status", "PAID"));
                case UNKNOWN -> ApiError.body(HttpStatus.NOT_FOUND, "UNKNOWN_ORDER", "no such order: " + id);
                case ALREADY_PAID -> ApiError.body(HttpStatus.CONFLICT, "NOT_PAYABLE", id + " is PAID, not payable");
                case RELEASED -> ApiError.body(HttpStatus.CONFLICT, "NOT_PAYABLE", id + " is RELEASED, not payable");
                case EXPIRED -> ApiError.body(HttpStatus.CONFLICT, "NOT_PAYABLE", id + "'s hold expired, not payable");
            };
        }
        if (orders.pay(id, System.currentTimeMillis()) == 1) {
            return ResponseEntity.ok(Map.of("orderId", id, "status", "PAID"));
        }
        return orders.get(id).map(o -> ApiError.body(HttpStatus.CONFLICT, "NOT_PAYABLE", id + " is " + o.status() + ", not payable"))
                .orElseGet(() -> ApiError.body(HttpStatus.NOT_FOUND, "UNKNOWN_ORDER", "no such order: " + id));
    }

    /** No work at all: what the edge and the service framework cost, for the benchmark's baseline. */
    @GetMapping("/api/orders/hello")
    public Map<String, Object> hello() {
        return Map.of("hello", "shoplab");
    }

    /** The order's status: on the queued path the buffer's (QUEUED until the database has it), else the database's. */
    @GetMapping("/api/orders/{id}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable("id") String id) {
        ApiError.requireKey("orderId", id);
        Map<String, String> buffered = queued == null ? Map.of() : queued.get(id);
        if (!buffered.isEmpty()) {
            return ResponseEntity.ok(Map.of("order_id", id, "user_id", buffered.get("user"), "sku", buffered.get("sku"),
                    "qty", Integer.parseInt(buffered.get("qty")), "status", buffered.get("status")));
        }
        return orders.get(id).<ResponseEntity<Map<String, Object>>>map(o -> ResponseEntity.ok(Map.of("order_id", o.orderId(),
                        "user_id", o.user(), "sku", o.sku(), "qty", o.qty(), "status", o.status())))
                .orElseGet(() -> ApiError.body(HttpStatus.NOT_FOUND, "UNKNOWN_ORDER", "no such order: " + id));
    }

    /**
     * Units per SKU and status (HELD counts RELEASING too: the unit is not back in stock yet), given-up orders
     * whose units the inventory has not confirmed back yet, and per SKU
     * when each release began (epoch ms, oldest first): no unit of a released order went back before then,
     * so a checker can tell how much stock there could have been at any instant.
     */
    @GetMapping("/internal/orders/metrics")
    public Map<String, Object> metrics() {
        Map<String, Map<String, Long>> skus = new LinkedHashMap<>();
        orders.eachShard("SELECT sku, status, SUM(qty) FROM %s GROUP BY sku, status", rs -> {
            String status = rs.getString(2);
            String key = switch (status) {
                case "PAID" -> "sold";
                case "RELEASED" -> "released";
                default -> "held";
            };
            skus.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>(Map.of("sold", 0L, "held", 0L, "released", 0L)))
                    .merge(key, rs.getLong(3), Long::sum);
        });
        Map<String, List<Long>> releases = new LinkedHashMap<>();
        orders.eachShard("SELECT sku, releasing_at, qty FROM %s WHERE releasing_at IS NOT NULL", rs -> {
            List<Long> starts = releases.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
            for (int i = 0; i < rs.getInt(3); i++) {
                starts.add(rs.getLong(2)); // one entry per unit
            }
        });
        releases.values().forEach(java.util.Collections::sort);
        Map<String, Object> out = new LinkedHashMap<>();
        skus.forEach((sku, m) -> {
            Map<String, Object> s = new LinkedHashMap<>(m);
            s.put("releaseStarts", releases.getOrDefault(sku, List.of()));
            out.put(sku, s);
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("skus", out);
        m.put("givenUpPending", givenUp.pending());
        m.put("rowsPerShard", orders.rowsPerShard());
        m.put("blacklisted", antiFraud.blacklistedCount());
        m.put("dbStatements", statements.executed());
        if (queued != null) {
            m.put("queued", queued.figures());
        }
        return m;
    }

    /**
     * The order side as the checkers judge it once the stack is quiet: every row of every shard (id, status,
     * when acknowledged, when stored), the order buffer's statuses on the queued path, the rows per shard.
     */
    @GetMapping("/internal/orders/records")
    public Map<String, Object> records(@org.springframework.web.bind.annotation.RequestParam(name = "limit", defaultValue = "1000000") int limit) {
        requireLimit(limit);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stored", orders.rows(limit).stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("orderId", r.orderId());
            row.put("status", r.status());
            row.put("createdAt", r.createdAt());
            row.put("storedAt", r.storedAt());
            return row;
        }).toList());
        if (queued != null) {
            m.put("buffer", queued.statuses());
        }
        m.put("rowsPerShard", orders.rowsPerShard());
        return m;
    }

    private static void requireLimit(int limit) {
        if (limit < 1 || limit > 1_000_000) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "BAD_LIMIT", "limit must be in 1..1000000");
        }
    }

    /**
     * Every order id this database holds, in order (at most {@code limit}): what a failover checker compares
     * with the orders the buyers were told succeeded.
     */
    @GetMapping("/internal/orders/ids")
    public Map<String, Object> ids(@org.springframework.web.bind.annotation.RequestParam(name = "limit", defaultValue = "1000000") int limit) {
        requireLimit(limit);
        List<String> ids = orders.rows(limit).stream().map(OrderTable.Row::orderId).toList();
        return Map.of("count", ids.size(), "orderIds", ids);
    }

    /**
     * Per SKU, the orders that hold or sold units (HELD, RELEASING, PAID): how many units, which orders
     * hold theirs, and each user's units. After a failover this database is the arbiter: the inventory
     * rebuilds its stock from it ({@code /internal/failover/stock/reconcile}).
     */
    @GetMapping("/internal/orders/live")
    public Map<String, Object> live() {
        Map<String, Map<String, Object>> skus = new LinkedHashMap<>();
        orders.eachShard("SELECT order_id, user_id, sku, qty, status FROM %s WHERE status IN ('HELD', 'RELEASING', 'PAID')", rs -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = skus.computeIfAbsent(rs.getString(3), k -> new LinkedHashMap<>(Map.of(
                    "live", 0L, "held", new LinkedHashMap<String, Integer>(), "bought", new LinkedHashMap<String, Integer>())));
            int qty = rs.getInt(4);
            s.put("live", (Long) s.get("live") + qty);
            if (!"PAID".equals(rs.getString(5))) {
                ((Map<String, Integer>) s.get("held")).put(rs.getString(1), qty);
            }
            ((Map<String, Integer>) s.get("bought")).merge(rs.getString(2), qty, Integer::sum);
        });
        return Map.of("skus", skus);
    }
}
