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
import java.util.Map;

/** The inventory API: deduct, release, read stock, and the figures the lab samples. */
@RestController
public class StockController {

    public record DeductRequest(String orderId, String user, String sku, Integer qty) {
    }

    public record ReleaseRequest(String orderId, String sku) {
    }

    private final StockService service;
    private final JdbcTemplate jdbc;
    private final StockRowWrites writes;

    public StockController(StockService service, JdbcTemplate jdbc, StockRowWrites writes) {
        this.service = service;
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @PostMapping("/internal/stock/deduct")
    public ResponseEntity<Map<String, Object>> deduct(@RequestBody DeductRequest r) {
        String orderId = ApiError.requireKey("orderId", r.orderId());
        String user = ApiError.requireKey("user", r.user());
        String sku = knownSku(r.sku());
        int qty = ApiError.requireQuantity(r.qty());
        Deduction d = service.strategy().deduct(orderId, user, sku, qty);
        if (d == Deduction.OK) {
            return ResponseEntity.ok(Map.of("result", d.name(), "orderId", orderId));
        }
        return ApiError.body(HttpStatus.CONFLICT, d.name(),
                d == Deduction.SOLD_OUT ? sku + " is sold out" : user + " reached the per-user limit for " + sku);
    }

    @PostMapping("/internal/stock/release")
    public Map<String, Object> release(@RequestBody ReleaseRequest r) {
        String orderId = ApiError.requireKey("orderId", r.orderId());
        String sku = knownSku(r.sku());
        return Map.of("released", service.strategy().release(orderId, sku));
    }

    @GetMapping("/api/stock/{sku}")
    public Map<String, Object> stock(@PathVariable("sku") String sku) {
        knownSku(sku);
        Long cached = service.strategy().cachedStock(sku);
        long db = jdbc.queryForObject("SELECT qty FROM stock WHERE sku = ?", Long.class, sku);
        return Map.of("sku", sku, "stock", cached == null ? db : cached);
    }

    /** What the lab samples each second and snapshots at the end. Read directly, not through the edge. */
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
        m.put("stockWrites", writes.get());
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
