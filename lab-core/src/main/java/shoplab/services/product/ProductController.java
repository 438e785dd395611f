package shoplab.services.product;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import shoplab.domain.trade.Money;
import shoplab.services.common.ApiError;
import shoplab.services.common.Guard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Price lookup and shipping fee: step 1 and step 3 of the trade service's checkout. Reads only. */
@RestController
public class ProductController {

    /** At most this many lines in one fee request, and this many units per line. */
    static final int MAX_LINES = 100;
    static final int MAX_QUANTITY = 100;

    public record Item(String sku, Integer quantity) {
    }

    public record FeeRequest(List<Item> items, String region) {
    }

    private final Catalog catalog;
    private final ShippingFees fees;
    private final SalesCounter sales;
    private final Guard guard;
    /** The last full answer per SKU: what a degraded answer serves (units sold as of then). */
    private final Cache<String, Map<String, Object>> lastFull = Caffeine.newBuilder().maximumSize(10_000).build();

    public ProductController(Catalog catalog, ShippingFees fees, ObjectProvider<SalesCounter> sales, Guard guard,
                             @Value("${" + ProductApp.REDIS_PORT + ":}") String redisPort,
                             @Value("${" + ProductApp.KAFKA_BOOTSTRAP + ":}") String kafka) {
        if (redisPort.isBlank() != kafka.isBlank()) {
            throw new IllegalStateException("the product service counts sales with both " + ProductApp.REDIS_PORT + " and "
                    + ProductApp.KAFKA_BOOTSTRAP + ", or neither; only one was set");
        }
        this.catalog = catalog;
        this.fees = fees;
        this.sales = sales.getIfAvailable();
        this.guard = guard;
    }

    /**
     * Price, and units sold when the service counts sales (Redis and Kafka configured). Not core: under
     * protection, over its limit or while its breaker is open it answers degraded, from the last full answer
     * (units sold as of then) or, with none, the price alone; it says so in {@link Guard#CLASS_HEADER}.
     */
    @GetMapping("/api/products/{sku}")
    public ResponseEntity<Map<String, Object>> product(@PathVariable("sku") String sku) {
        Money price = price(sku);
        Map<String, Object> priceOnly = Map.of("sku", sku, "priceCents", price.cents());
        Guard.Answer<Map<String, Object>> a = guard.orFallback(Guard.PRODUCT_DETAIL, () -> {
            Map<String, Object> full = sales == null ? priceOnly : Map.of("sku", sku, "priceCents", price.cents(), "sales", sales.sales(sku));
            lastFull.put(sku, full);
            return full;
        }, () -> java.util.Objects.requireNonNullElse(lastFull.getIfPresent(sku), priceOnly));
        return ResponseEntity.ok().header(Guard.CLASS_HEADER, a.servedClass()).body(a.body());
    }

    /**
     * Units sold per SKU from Redis, and the queue's lag (messages not yet counted; -1 unknown): the lab
     * snapshots the sales once the lag is 0. 503 when the service runs without Redis and Kafka.
     */
    @GetMapping("/internal/sales")
    public Map<String, Object> sales() {
        if (sales == null) {
            throw new ApiError.Rejected(HttpStatus.SERVICE_UNAVAILABLE, "SALES_NOT_COUNTED",
                    "this product service runs without Redis and Kafka: it counts no sales");
        }
        Map<String, Long> bySku = new LinkedHashMap<>();
        for (String sku : catalog.skus()) {
            bySku.put(sku, sales.sales(sku));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sales", bySku);
        body.put("lag", sales.lag());
        body.put("applied", sales.applied());
        return body;
    }

    /** The fee for a parcel, with the goods total it was judged on (the trade checks its own against it). */
    @PostMapping("/api/shipping-fee")
    public Map<String, Object> shippingFee(@RequestBody FeeRequest r) {
        if (r.items() == null) {
            throw bad("MISSING_ITEMS", "items is required: [{sku, quantity}]");
        }
        if (r.items().isEmpty() || r.items().size() > MAX_LINES) {
            throw bad("INVALID_ITEMS", "items must hold 1.." + MAX_LINES + " lines, had " + r.items().size());
        }
        String region = r.region() == null ? null : ApiError.requireKey("region", r.region());
        Money goods = Money.ZERO;
        int units = 0;
        for (Item item : r.items()) {
            if (item == null) {
                throw bad("INVALID_ITEMS", "an item is null");
            }
            int quantity = quantity(item.quantity());
            goods = goods.plus(price(ApiError.requireKey("sku", item.sku())).times(quantity));
            units += quantity;
        }
        ShippingFees.Quote quote = fees.quote(goods, units, region);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("feeCents", quote.fee().cents());
        body.put("goodsCents", goods.cents());
        body.put("units", units);
        body.put("freeShipping", quote.free());
        body.put("remote", quote.remote());
        return body;
    }

    private Money price(String sku) {
        ApiError.requireKey("sku", sku);
        return catalog.price(sku).orElseThrow(() ->
                new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_SKU", "no such SKU: " + sku));
    }

    private static int quantity(Integer quantity) {
        if (quantity == null) {
            throw bad("MISSING_QUANTITY", "quantity is required on every item");
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw bad("INVALID_QUANTITY", "quantity must be 1.." + MAX_QUANTITY + ", was " + quantity);
        }
        return quantity;
    }

    private static ApiError.Rejected bad(String code, String message) {
        return new ApiError.Rejected(HttpStatus.BAD_REQUEST, code, message);
    }
}
