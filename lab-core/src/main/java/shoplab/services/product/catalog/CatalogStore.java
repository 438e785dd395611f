package shoplab.services.product.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * The product database: the truth every cache layer copies. A merchant's change is one transaction: the row
 * locked, its version checked against the one the merchant edited (a back office form open while another
 * merchant saved must not overwrite that save), the row written one version on, and a row in the change log.
 * Counts the queries it runs: the load the caches keep off the database.
 */
public final class CatalogStore {

    private static final String VIEW = "SELECT p.sku, p.name, p.merchant, p.category_id, b.name AS brand, p.list_cents,"
            + " p.promotion_cents, p.member_cents, p.detail, p.version FROM products p JOIN brands b ON b.id = p.brand_id";

    private static final RowMapper<ProductView> ROW = (rs, i) -> ProductView.of(rs.getString("sku"), rs.getString("name"),
            rs.getString("merchant"), rs.getLong("category_id"), rs.getString("brand"),
            new Prices(rs.getLong("list_cents"), (Long) rs.getObject("promotion_cents", Long.class),
                    (Long) rs.getObject("member_cents", Long.class)),
            rs.getString("detail"), rs.getLong("version"));

    /** A detail longer than this is refused (the column holds 8000). */
    public static final int MAX_DETAIL = 8000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final LongAdder queries = new LongAdder();

    public CatalogStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Writes the seed's catalog, once: a database that already holds products is left as it is (a restart). */
    public void seedIfEmpty(CatalogSeed seed) {
        tx.executeWithoutResult(s -> {
            if (jdbc.queryForObject("SELECT COUNT(*) FROM products", Long.class) > 0) {
                return;
            }
            for (CatalogSeed.Category c : CatalogSeed.CATEGORIES) {
                jdbc.update("INSERT INTO categories (id, parent_id, name) VALUES (?, ?, ?)", c.id(), c.parentId(), c.name());
            }
            for (CatalogSeed.Brand b : CatalogSeed.BRANDS) {
                jdbc.update("INSERT INTO brands (id, name) VALUES (?, ?)", b.id(), b.name());
            }
            for (CatalogSeed.Warehouse w : CatalogSeed.WAREHOUSES) {
                jdbc.update("INSERT INTO warehouses (id, region) VALUES (?, ?)", w.id(), w.region());
            }
            List<Object[]> products = new ArrayList<>();
            List<Object[]> stock = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (CatalogSeed.Product p : seed.generate()) {
                products.add(new Object[]{p.sku(), p.name(), p.merchant(), p.categoryId(), p.brandId(), p.prices().listCents(),
                        p.prices().promotionCents(), p.prices().memberCents(), p.detail(), now});
                for (int w = 0; w < CatalogSeed.WAREHOUSES.size(); w++) {
                    stock.add(new Object[]{p.sku(), CatalogSeed.WAREHOUSES.get(w).id(), p.stockPerWarehouse().get(w)});
                }
            }
            jdbc.batchUpdate("INSERT INTO products (sku, name, merchant, category_id, brand_id, list_cents, promotion_cents,"
                    + " member_cents, detail, version, changed_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)", products);
            jdbc.batchUpdate("INSERT INTO product_stock (sku, warehouse_id, units) VALUES (?, ?, ?)", stock);
        });
    }

    /** One product as the database has it now: the read a cache miss costs. */
    public Optional<ProductView> read(String sku) {
        queries.increment();
        return jdbc.query(VIEW + " WHERE p.sku = ?", ROW, sku).stream().findFirst();
    }

    public boolean exists(String sku) {
        queries.increment();
        return jdbc.queryForObject("SELECT COUNT(*) FROM products WHERE sku = ?", Long.class, sku) > 0;
    }

    /** Every product, in SKU order (the lab's snapshot; not counted as load). */
    public List<ProductView> all() {
        return jdbc.query(VIEW + " ORDER BY p.sku", ROW);
    }

    public ProductView changePrices(String sku, Prices prices, long expectedVersion) {
        return change(sku, expectedVersion, v -> v.withPrices(prices, v.version() + 1),
                "UPDATE products SET list_cents = ?, promotion_cents = ?, member_cents = ?, version = ?, changed_at_ms = ? WHERE sku = ?",
                v -> new Object[]{prices.listCents(), prices.promotionCents(), prices.memberCents()});
    }

    public ProductView changeDetail(String sku, String detail, long expectedVersion) {
        return change(sku, expectedVersion, v -> v.withDetail(detail, v.version() + 1),
                "UPDATE products SET detail = ?, version = ?, changed_at_ms = ? WHERE sku = ?", v -> new Object[]{detail});
    }

    public ProductView changeCategory(String sku, long categoryId, long expectedVersion) {
        return change(sku, expectedVersion, v -> {
            if (jdbc.queryForObject("SELECT COUNT(*) FROM categories WHERE id = ?", Long.class, categoryId) == 0) {
                throw new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_CATEGORY", "no category " + categoryId);
            }
            return ProductView.of(v.sku(), v.name(), v.merchant(), categoryId, v.brand(), v.prices(), v.detail(), v.version() + 1);
        }, "UPDATE products SET category_id = ?, version = ?, changed_at_ms = ? WHERE sku = ?", v -> new Object[]{categoryId});
    }

    /**
     * The change's transaction: the row locked, the version the merchant edited checked (409 otherwise, nothing
     * written), the row updated (the {@code set} values, then version, time and SKU) and the change logged.
     */
    private ProductView change(String sku, long expectedVersion, UnaryOperator<ProductView> next, String update,
                               java.util.function.Function<ProductView, Object[]> set) {
        return tx.execute(s -> {
            queries.increment();
            ProductView now = jdbc.query(VIEW + " WHERE p.sku = ? FOR UPDATE", ROW, sku).stream().findFirst()
                    .orElseThrow(() -> unknown(sku));
            if (now.version() != expectedVersion) {
                throw new ApiError.Rejected(HttpStatus.CONFLICT, "VERSION_CONFLICT", sku + " is at version " + now.version()
                        + ", the change was made to version " + expectedVersion + ": read it again");
            }
            ProductView after = next.apply(now);
            Object[] values = set.apply(now);
            Object[] args = java.util.Arrays.copyOf(values, values.length + 3);
            args[values.length] = after.version();
            args[values.length + 1] = System.currentTimeMillis();
            args[values.length + 2] = sku;
            jdbc.update(update, args);
            jdbc.update("INSERT INTO product_changes (sku, version) VALUES (?, ?)", sku, after.version());
            return after;
        });
    }

    /** A checkout's record: what was charged, for which version of the product. */
    public record Checkout(String checkoutId, String sku, boolean member, long version, long chargedCents) {
    }

    /**
     * The trade flow's price check, in one transaction: the product as {@code priced} says it is now (the database's
     * row, unless a mutant without the check passes a cache's copy), refused with 409 when the buyer was shown
     * another version (the buyer sees the new price and decides again), else charged at that version's price and
     * recorded. A checkout id seen before is refused (409), nothing charged twice.
     */
    public Checkout checkout(String checkoutId, String sku, boolean member, long shownVersion,
                             java.util.function.Function<String, Optional<ProductView>> priced) {
        return tx.execute(s -> {
            queries.increment();
            ProductView now = priced.apply(sku).orElseThrow(() -> unknown(sku));
            if (now.version() != shownVersion) {
                throw new ApiError.Rejected(HttpStatus.CONFLICT, "PRICE_CHANGED", sku + " is at version " + now.version() + " ("
                        + (member ? now.memberPriceCents() : now.priceCents()) + " cents), the buyer was shown version " + shownVersion);
            }
            if (jdbc.queryForObject("SELECT COUNT(*) FROM checkouts WHERE checkout_id = ?", Long.class, checkoutId) > 0) {
                throw new ApiError.Rejected(HttpStatus.CONFLICT, "DUPLICATE_CHECKOUT", "checkout " + checkoutId + " was made before");
            }
            Checkout c = new Checkout(checkoutId, sku, member, now.version(), member ? now.memberPriceCents() : now.priceCents());
            jdbc.update("INSERT INTO checkouts (checkout_id, sku, member, version, charged) VALUES (?, ?, ?, ?, ?)",
                    c.checkoutId(), c.sku(), c.member(), c.version(), c.chargedCents());
            return c;
        });
    }

    /** The row as it is, read inside the caller's transaction and not counted (the checkout's own read). */
    Optional<ProductView> readForCheckout(String sku) {
        return jdbc.query(VIEW + " WHERE p.sku = ? FOR UPDATE", ROW, sku).stream().findFirst();
    }

    /** The change log after {@code afterId}, oldest first: {@code id -> sku}. */
    public Map<Long, String> changesAfter(long afterId, int limit) {
        Map<Long, String> out = new LinkedHashMap<>();
        jdbc.query("SELECT id, sku FROM product_changes WHERE id > ? ORDER BY id LIMIT " + limit,
                rs -> {
                    out.put(rs.getLong(1), rs.getString(2));
                }, afterId);
        return out;
    }

    public long lastChangeId() {
        Long id = jdbc.queryForObject("SELECT MAX(id) FROM product_changes", Long.class);
        return id == null ? 0 : id;
    }

    public record CategoryNode(long id, String name, List<CategoryNode> children) {
    }

    /** The category tree, roots first. */
    public List<CategoryNode> categories() {
        queries.increment();
        List<CatalogSeed.Category> all = jdbc.query("SELECT id, parent_id, name FROM categories ORDER BY id",
                (rs, i) -> new CatalogSeed.Category(rs.getLong(1), (Long) rs.getObject(2, Long.class), rs.getString(3)));
        return children(all, null);
    }

    private static List<CategoryNode> children(List<CatalogSeed.Category> all, Long parent) {
        return all.stream().filter(c -> java.util.Objects.equals(c.parentId(), parent))
                .map(c -> new CategoryNode(c.id(), c.name(), children(all, c.id()))).toList();
    }

    /** Each category's parent, read once: the tree does not change while the service runs. */
    private volatile Map<Long, Long> parents;

    /** The category and its ancestors, nearest first: what a search by a parent category matches. */
    public List<Long> categoryPath(long categoryId) {
        if (parents == null) {
            Map<Long, Long> p = new java.util.HashMap<>();
            jdbc.query("SELECT id, parent_id FROM categories", rs -> {
                p.put(rs.getLong(1), (Long) rs.getObject(2, Long.class));
            });
            parents = p;
        }
        List<Long> path = new ArrayList<>();
        for (Long c = categoryId; c != null && path.size() < 16; c = parents.get(c)) {
            path.add(c);
        }
        return path;
    }

    public boolean categoryExists(long id) {
        categoryPath(id);
        return parents.containsKey(id);
    }

    /** Units per warehouse (分仓). */
    public Map<String, Long> stock(String sku) {
        queries.increment();
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query("SELECT warehouse_id, units FROM product_stock WHERE sku = ? ORDER BY warehouse_id",
                rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                }, sku);
        if (out.isEmpty() && !exists(sku)) {
            throw unknown(sku);
        }
        return out;
    }

    public long queries() {
        return queries.sum();
    }

    static ApiError.Rejected unknown(String sku) {
        return new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_PRODUCT", "no product " + sku);
    }
}
