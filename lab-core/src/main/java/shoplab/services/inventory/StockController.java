package shoplab.services.inventory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import shoplab.services.common.ApiError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The inventory API: deduct, release, read stock, and the figures the lab samples. */
@RestController
public class StockController {

    public record DeductRequest(String orderId, String user, String sku, Integer qty) {
    }

    public record ReleaseRequest(String orderId, String sku) {
    }

    /** One SKU's live orders as the order database holds them: units, held orders' units, each user's units. */
    public record LiveOrders(Long live, Map<String, Integer> held, Map<String, Integer> bought) {
    }

    private final StockService service;
    private final JdbcTemplate jdbc;
    private final StockRowWrites writes;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    private final shoplab.services.common.DbStatements statements;

    public StockController(StockService service, JdbcTemplate jdbc, StockRowWrites writes,
                           org.springframework.transaction.support.TransactionTemplate tx,
                           shoplab.services.common.DbStatements statements) {
        this.statements = statements;
        this.service = service;
        this.jdbc = jdbc;
        this.writes = writes;
        this.tx = tx;
    }

    @PostMapping("/internal/stock/deduct")
    public ResponseEntity<Map<String, Object>> deduct(@RequestBody DeductRequest r) {
        String orderId = ApiError.requireKey("orderId", r.orderId());
        String user = ApiError.requireKey("user", r.user());
        String sku = knownSku(r.sku());
        int qty = ApiError.requireQuantity(r.qty());
        Deduction d;
        try {
            d = service.strategy().deduct(orderId, user, sku, qty);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            d = Deduction.ORDER_CLOSED; // the purchase's key is taken: the order was deducted or closed already
        }
        if (d == Deduction.OK) {
            return ResponseEntity.ok(Map.of("result", d.name(), "orderId", orderId));
        }
        return ApiError.body(HttpStatus.CONFLICT, d.name(), switch (d) {
            case SOLD_OUT -> sku + " is sold out";
            case LIMIT_REACHED -> user + " reached the per-user limit for " + sku;
            default -> orderId + " was deducted or released already";
        });
    }

    @PostMapping("/internal/stock/release")
    public Map<String, Object> release(@RequestBody ReleaseRequest r) {
        String orderId = ApiError.requireKey("orderId", r.orderId());
        String sku = knownSku(r.sku());
        return Map.of("released", service.strategy().release(orderId, sku));
    }

    /**
     * The stock a buyer's page shows: read far more often than anything is bought, so from Redis where the
     * strategy keeps it there (else the DB), behind a local cache of {@link #SHOWN_STOCK_MS}: a refreshing
     * crowd costs the stores one read per SKU per window and instance, and the DB none.
     */
    @GetMapping("/api/stock/{sku}")
    public Map<String, Object> stock(@PathVariable("sku") String sku) {
        knownSku(sku);
        return Map.of("sku", sku, "stock", shownStock.get(sku, this::readStock));
    }

    static final long SHOWN_STOCK_MS = 100;
    private final com.github.benmanes.caffeine.cache.Cache<String, Long> shownStock = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().expireAfterWrite(java.time.Duration.ofMillis(SHOWN_STOCK_MS)).maximumSize(10_000).build();

    private long readStock(String sku) {
        Long cached = service.strategy().cachedStock(sku);
        return cached != null ? cached : jdbc.queryForObject("SELECT qty FROM stock WHERE sku = ?", Long.class, sku);
    }

    /** What the lab samples each second and snapshots at the end. Read directly, not through the edge. */
    /**
     * After a failover, before the promoted data center takes users: the stock is rebuilt from the order
     * database, the arbiter (what the lost data center's queue never delivered is gone; the orders are what
     * the buyers were told). Per SKU: stock = initial - live units, the purchase records are exactly the held
     * orders, each user's count is their live units; then the strategy's own copy (Redis) is set alike.
     * Under /internal/failover/: the fence lets the switch itself write here while the site holds no lease.
     */
    @PostMapping("/internal/failover/stock/reconcile")
    public Map<String, Object> reconcile(@RequestBody Map<String, LiveOrders> skus) {
        Map<String, Object> out = new LinkedHashMap<>();
        skus.forEach((sku, l) -> {
            Long initial = service.initial().get(sku);
            if (initial == null || l == null || l.live() == null || l.live() < 0 || l.live() > initial) {
                throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "BAD_RECONCILE", "no stock of " + sku + " can hold " + (l == null ? null : l.live()) + " live units");
            }
        });
        tx.executeWithoutResult(status -> skus.forEach((sku, l) -> {
            long stock = service.initial().get(sku) - l.live();
            jdbc.update("UPDATE stock SET qty = ? WHERE sku = ?", stock, sku);
            jdbc.update("DELETE FROM purchase WHERE sku = ? AND status = 'HELD'", sku);
            Map<String, Integer> held = l.held() == null ? Map.of() : l.held();
            List<Object[]> ids = held.keySet().stream().map(order -> new Object[] {order}).toList();
            jdbc.batchUpdate("DELETE FROM purchase WHERE order_id = ?", ids);
            jdbc.batchUpdate("INSERT INTO purchase (order_id, sku, user_id, qty, status) VALUES (?, ?, 'reconciled', ?, 'HELD')",
                    held.entrySet().stream().map(e -> new Object[] {e.getKey(), sku, e.getValue()}).toList());
            jdbc.update("DELETE FROM user_quota WHERE sku = ?", sku);
            Map<String, Integer> bought = l.bought() == null ? Map.of() : l.bought();
            jdbc.batchUpdate("INSERT INTO user_quota (sku, user_id, bought) VALUES (?, ?, ?)",
                    bought.entrySet().stream().map(e -> new Object[] {sku, e.getKey(), e.getValue()}).toList());
            out.put(sku, Map.of("stock", stock, "held", held.size()));
        }));
        skus.forEach((sku, l) -> service.strategy().reconcile(sku, service.initial().get(sku) - l.live(),
                l.held() == null ? Map.of() : l.held(), l.bought() == null ? Map.of() : l.bought()));
        return Map.of("reconciled", out);
    }

    /** The stock queue's lag alone (it reads no store): what a Redis failover waits on while that Redis is down. */
    @GetMapping("/internal/stock/queue")
    public Map<String, Object> queue() {
        return Map.of("queueLag", service.strategy().queueLag());
    }

    @GetMapping("/internal/stock/metrics")
    public Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> skus = new LinkedHashMap<>();
        service.initial().forEach((sku, initial) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("initial", initial);
            s.put("db", jdbc.queryForObject("SELECT qty FROM stock WHERE sku = ?", Long.class, sku));
            s.put("redis", service.strategy().cachedStock(sku));
            skus.put(sku, s);
        });
        m.put("skus", skus);
        m.put("queueLag", service.strategy().queueLag());
        m.put("redisWaitFallbacks", service.strategy().replicationFallbacks());
        m.put("stockWrites", writes.get());
        m.put("dbStatements", statements.executed());
        m.put("unsafe", service.strategy().unsafe());
        return m;
    }

    private String knownSku(String sku) {
        ApiError.requireKey("sku", sku);
        if (!service.sells(sku)) {
            throw new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_SKU", "no such SKU: " + sku);
        }
        return sku;
    }
}
