package shoplab.services.product.catalog;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import shoplab.services.common.ApiError;
import shoplab.services.product.search.ProductSearch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog's API: product pages, the category tree, stock per warehouse and search for shoppers
 * ({@code /api/catalog}), the merchant back office's view and changes ({@code /internal/merchant}: an intranet
 * system, which the public entry never routes), and the lab's view of every layer ({@code /internal/catalog}).
 * A change names the version it was made to; bad input is a 4xx and writes nothing.
 */
@RestController
@ConditionalOnProperty(name = ProductCatalog.STRATEGY)
public class CatalogController {

    /** The header that says which layer answered a product read: {@code local}, {@code redis} or {@code db}. */
    public static final String SERVED_FROM = "X-Served-From";

    public record PriceChange(Long listCents, Long promotionCents, Long memberCents, Long expectedVersion) {
    }

    public record DetailChange(String detail, Long expectedVersion) {
    }

    public record CategoryChange(Long categoryId, Long expectedVersion) {
    }

    public record Window(Boolean open) {
    }

    public record CheckoutRequest(String checkoutId, String sku, Boolean member, Long shownVersion) {
    }

    private final ProductCatalog catalog;

    public CatalogController(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * A product page, cacheable by the client for {@link ProductCatalog#clientMaxAgeSeconds} (its ETag names the
     * version; a client that revalidates with it gets 304 while the read path still has that version).
     */
    @GetMapping("/api/catalog/products/{sku}")
    public ResponseEntity<ProductView> product(@PathVariable("sku") String sku,
                                               @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
        ReadPath.Read r = catalog.path().read(ApiError.requireKey("sku", sku));
        String etag = "\"" + r.view().sku() + "-v" + r.view().version() + "\"";
        CacheControl client = CacheControl.maxAge(java.time.Duration.ofSeconds(catalog.clientMaxAgeSeconds()));
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(client).header(SERVED_FROM, r.from()).build();
        }
        return ResponseEntity.ok().eTag(etag).cacheControl(client).header(SERVED_FROM, r.from()).body(r.view());
    }

    @GetMapping("/api/catalog/products/{sku}/stock")
    public Map<String, Object> stock(@PathVariable("sku") String sku) {
        return Map.of("sku", sku, "warehouses", catalog.store().stock(ApiError.requireKey("sku", sku)));
    }

    /**
     * Search by keyword (in name and detail), category (its subtree), brand and price range, on the Lucene index
     * the change log keeps; each parameter optional, every bad one a 400 naming it, an unknown category 404.
     */
    @GetMapping("/api/catalog/search")
    public ProductSearch.Page search(@RequestParam(name = "q", required = false) String q,
                                     @RequestParam(name = "category", required = false) String category,
                                     @RequestParam(name = "brand", required = false) String brand,
                                     @RequestParam(name = "minPriceCents", required = false) String min,
                                     @RequestParam(name = "maxPriceCents", required = false) String max,
                                     @RequestParam(name = "limit", required = false) String limit,
                                     @RequestParam(name = "offset", required = false) String offset) {
        Long categoryId = number("category", category);
        if (categoryId != null && !catalog.store().categoryExists(categoryId)) {
            throw new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_CATEGORY", "no category " + categoryId);
        }
        ProductSearch.Query query;
        try {
            query = new ProductSearch.Query(q, categoryId, brand, number("minPriceCents", min), number("maxPriceCents", max),
                    limit == null ? 20 : Math.toIntExact(number("limit", limit)), offset == null ? 0 : Math.toIntExact(number("offset", offset)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw bad("INVALID_QUERY", e.getMessage());
        }
        return catalog.search().search(query);
    }

    private static Long number(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw bad("INVALID_QUERY", field + " must be a whole number, was '" + text + "'");
        }
    }

    @GetMapping("/api/catalog/categories")
    public List<CatalogStore.CategoryNode> categories() {
        return catalog.store().categories();
    }

    /**
     * The trade flow's price check at checkout: charged at the price the database has now, if that is the version
     * the buyer was shown (else 409 PRICE_CHANGED: the buyer sees the new price first). 201 with what was charged.
     */
    @PostMapping("/api/catalog/checkouts")
    public ResponseEntity<CatalogStore.Checkout> checkout(@RequestBody CheckoutRequest r) {
        if (r == null || r.shownVersion() == null) {
            throw bad("MISSING_VERSION", "shownVersion is required: the version of the page the buyer saw");
        }
        CatalogStore.Checkout c = catalog.checkout(ApiError.requireKey("checkoutId", r.checkoutId()), ApiError.requireKey("sku", r.sku()),
                Boolean.TRUE.equals(r.member()), r.shownVersion());
        return ResponseEntity.status(HttpStatus.CREATED).body(c);
    }

    /** The back office's view: the database's row, never a cache (a merchant edits what is, not a copy). */
    @GetMapping("/internal/merchant/products/{sku}")
    public ProductView merchantView(@PathVariable("sku") String sku) {
        return catalog.store().read(ApiError.requireKey("sku", sku)).orElseThrow(() -> CatalogStore.unknown(sku));
    }

    @PutMapping("/internal/merchant/products/{sku}/prices")
    public ProductView changePrices(@PathVariable("sku") String sku, @RequestBody PriceChange c) {
        ApiError.requireKey("sku", sku);
        long expected = expected(c.expectedVersion());
        Prices p = Prices.of(c.listCents(), c.promotionCents(), c.memberCents());
        return catalog.path().change(sku, () -> catalog.store().changePrices(sku, p, expected), now -> now.withPrices(p, expected + 1));
    }

    @PutMapping("/internal/merchant/products/{sku}/detail")
    public ProductView changeDetail(@PathVariable("sku") String sku, @RequestBody DetailChange c) {
        ApiError.requireKey("sku", sku);
        long expected = expected(c.expectedVersion());
        if (c.detail() == null || c.detail().isBlank()) {
            throw bad("MISSING_DETAIL", "detail is required");
        }
        if (c.detail().length() > CatalogStore.MAX_DETAIL) {
            throw bad("DETAIL_TOO_LONG", "detail holds at most " + CatalogStore.MAX_DETAIL + " characters, had " + c.detail().length());
        }
        return catalog.path().change(sku, () -> catalog.store().changeDetail(sku, c.detail(), expected),
                now -> now.withDetail(c.detail(), expected + 1));
    }

    @PutMapping("/internal/merchant/products/{sku}/category")
    public ProductView changeCategory(@PathVariable("sku") String sku, @RequestBody CategoryChange c) {
        ApiError.requireKey("sku", sku);
        long expected = expected(c.expectedVersion());
        if (c.categoryId() == null) {
            throw bad("MISSING_CATEGORY", "categoryId is required");
        }
        return catalog.path().change(sku, () -> catalog.store().changeCategory(sku, c.categoryId(), expected),
                now -> ProductView.of(now.sku(), now.name(), now.merchant(), c.categoryId(), now.brand(), now.prices(), now.detail(), expected + 1));
    }

    /** Counters, cheap enough to sample a few times a second. */
    @GetMapping("/internal/catalog/stats")
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("strategy", catalog.path().strategy());
        out.put("dbQueries", catalog.store().queries());
        out.put("dbReads", catalog.db().queries());
        out.put("dbShed", catalog.db().shed());
        out.put("protection", catalog.protection());
        out.put("dbLimitQps", catalog.dbLimitQps());
        out.put("notFound", catalog.path().notFound());
        out.put("redisFailures", catalog.redis().failures());
        out.put("copiesLost", catalog.path().copiesLost());
        out.put("localHits", catalog.path().localHits());
        out.put("localMisses", catalog.path().localMisses());
        out.put("redisHits", catalog.redis().hits());
        out.put("redisMisses", catalog.redis().misses());
        out.put("streamLag", catalog.streamLag());
        out.put("streamApplied", catalog.streamApplied());
        out.put("searchLag", catalog.searchLag());
        out.put("promisedStalenessMs", catalog.path().promiseMs());
        out.put("clientMaxAgeMs", catalog.clientMaxAgeSeconds() * 1000);
        return out;
    }

    /**
     * Every product's version and price as the database has it, and the Redis copies that differ from it (read
     * with one MGET, then each one's TTL): the lab's final state, read once the changes have stopped and the change
     * stream has caught up, so the reads see the same instant.
     */
    @GetMapping("/internal/catalog/state")
    public Map<String, Object> state() {
        List<ProductView> db = catalog.store().all();
        Map<String, ProductView> redis = catalog.redis().all(db.stream().map(ProductView::sku).toList());
        List<Map<String, Object>> diverged = new java.util.ArrayList<>();
        for (ProductView truth : db) {
            ProductView copy = redis.get(truth.sku());
            if (copy != null && !copy.equals(truth)) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("sku", truth.sku());
                d.put("dbVersion", truth.version());
                d.put("dbPriceCents", truth.priceCents());
                d.put("cacheVersion", copy.version());
                d.put("cachePriceCents", copy.priceCents());
                d.put("ttlMs", catalog.redis().pttl(truth.sku())); // -1: it stays until something deletes it
                diverged.add(d);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(stats());
        out.put("products", db.size());
        out.put("cached", redis.size());
        out.put("diverged", diverged);
        out.put("db", db.stream().map(v -> Map.of("sku", v.sku(), "version", v.version(), "priceCents", v.priceCents())).toList());
        return out;
    }

    /** The lab's fault windows inside the read path ({@link ProductCatalog#window}). */
    @PostMapping("/internal/lab/windows/{kind}")
    public Map<String, Object> window(@PathVariable("kind") String kind, @RequestBody Window w) {
        if (!ProductCatalog.WINDOWS.contains(kind)) {
            throw new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_WINDOW", "the product service's windows are " + ProductCatalog.WINDOWS);
        }
        if (w == null || w.open() == null) {
            throw bad("MISSING_OPEN", "send {open: true|false}");
        }
        return Map.of("window", kind, "open", w.open(), "did", catalog.window(kind, w.open()));
    }

    private static long expected(Long version) {
        if (version == null) {
            throw bad("MISSING_VERSION", "expectedVersion is required: the version the change was made to");
        }
        if (version < 1) {
            throw bad("INVALID_VERSION", "expectedVersion must be 1 or more, was " + version);
        }
        return version;
    }

    private static ApiError.Rejected bad(String code, String message) {
        return new ApiError.Rejected(HttpStatus.BAD_REQUEST, code, message);
    }
}
