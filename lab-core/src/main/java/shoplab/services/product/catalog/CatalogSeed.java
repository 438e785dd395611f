package shoplab.services.product.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The catalog a run starts with, the same for every strategy of one seed: a two-level category tree, brands,
 * three warehouses, and {@code products} products ({@code p-0001} ...) with list prices, some promotions and
 * member prices, a detail text and stock in each warehouse, all at version 1.
 */
public record CatalogSeed(long seed, int products) {

    public static final int MAX_PRODUCTS = 100_000;

    public record Category(long id, Long parentId, String name) {
    }

    public record Brand(long id, String name) {
    }

    public record Warehouse(String id, String region) {
    }

    public record Product(String sku, String name, String merchant, long categoryId, long brandId, Prices prices, String detail,
                          List<Long> stockPerWarehouse) {
    }

    public static final List<Category> CATEGORIES = List.of(
            new Category(1, null, "electronics"), new Category(2, null, "home"), new Category(3, null, "books"),
            new Category(11, 1L, "phones"), new Category(12, 1L, "laptops"), new Category(13, 1L, "audio"),
            new Category(21, 2L, "kitchen"), new Category(22, 2L, "furniture"),
            new Category(31, 3L, "fiction"), new Category(32, 3L, "science"));
    public static final List<Brand> BRANDS = List.of(new Brand(1, "acme"), new Brand(2, "globex"), new Brand(3, "initech"),
            new Brand(4, "umbrella"), new Brand(5, "hooli"), new Brand(6, "vandelay"));
    public static final List<Warehouse> WAREHOUSES = List.of(new Warehouse("wh-east", "east"),
            new Warehouse("wh-north", "north"), new Warehouse("wh-south", "south"));

    private static final String[] WORDS = {"light", "fast", "quiet", "classic", "compact", "wireless", "steel", "oak",
            "hardcover", "portable", "smart", "warm", "bright", "solid", "gift", "family", "travel", "pro"};

    public CatalogSeed {
        if (products < 1 || products > MAX_PRODUCTS) {
            throw new IllegalArgumentException("a catalog holds 1.." + MAX_PRODUCTS + " products, not " + products);
        }
    }

    public static String sku(int n) {
        return String.format("p-%04d", n);
    }

    /** The leaf categories, where products live. */
    static List<Category> leaves() {
        return CATEGORIES.stream().filter(c -> c.parentId() != null).toList();
    }

    public List<Product> generate() {
        List<Category> leaves = leaves();
        List<Product> out = new ArrayList<>(products);
        for (int n = 1; n <= products; n++) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
            Category c = leaves.get(r.nextInt(leaves.size()));
            Brand b = BRANDS.get(r.nextInt(BRANDS.size()));
            long list = 100 * (10 + r.nextInt(990)); // 10.00 .. 999.00
            Long promotion = r.nextDouble() < 0.3 ? list * (80 + r.nextInt(16)) / 100 : null;
            Long member = r.nextDouble() < 0.3 ? list * 90 / 100 : null;
            StringBuilder detail = new StringBuilder();
            for (int w = 0; w < 20 + r.nextInt(20); w++) {
                detail.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
            }
            List<Long> stock = new ArrayList<>();
            WAREHOUSES.forEach(wh -> stock.add((long) r.nextInt(500)));
            out.add(new Product(sku(n), b.name() + " " + WORDS[r.nextInt(WORDS.length)] + " " + c.name() + " " + n,
                    "m-" + (1 + r.nextInt(20)), c.id(), b.id(), new Prices(list, promotion, member), detail.toString().trim(), stock));
        }
        return out;
    }
}
