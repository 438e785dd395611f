package shoplab.services.product.catalog;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.services.ServiceUnderTest;
import shoplab.services.product.ProductApp;
import shoplab.stack.store.RedisNode;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.services.ServiceUnderTest.json;

/**
 * The catalog over real HTTP (H2, a real redis-server, update-then-delete): the note's domain, the read path's
 * layers, the merchant's changes and their refusals (each changing nothing), and search fed by the change log.
 */
class CatalogServiceTest {

    @TempDir
    static Path dir;
    static RedisNode redis;
    static ServiceUnderTest product;

    @BeforeAll
    static void boot() throws Exception {
        redis = new RedisNode("redis", dir.resolve("redis"));
        redis.start();
        Map<String, Object> p = new LinkedHashMap<>(ServiceUnderTest.h2(dir, "product"));
        p.put(ProductApp.PRICES, "sku-1:100");
        p.put(ProductCatalog.STRATEGY, CacheConsistencyMechanism.UPDATE_THEN_DELETE);
        p.put(ProductCatalog.REDIS_PORT, redis.port());
        p.put(ProductCatalog.PRODUCTS, 50);
        product = ServiceUnderTest.start(ProductApp.class, p);
    }

    @AfterAll
    static void stop() {
        if (product != null) {
            product.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    static HttpResponse<String> put(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(product.url(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode read(String sku) {
        return product.getJson("/api/catalog/products/" + sku);
    }

    @Test
    void readsComeFromTheDatabaseThenTheCaches() {
        HttpResponse<String> first = product.get("/api/catalog/products/p-0007");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue(CatalogController.SERVED_FROM)).contains("db");
        JsonNode v = json(first);
        assertThat(v.path("version").asLong()).isEqualTo(1);
        assertThat(v.path("brand").asString()).isNotBlank();
        assertThat(v.path("priceCents").asLong()).isLessThanOrEqualTo(v.path("listCents").asLong()).isPositive();
        assertThat(product.get("/api/catalog/products/p-0007").headers().firstValue(CatalogController.SERVED_FROM))
                .hasValueSatisfying(from -> assertThat(from).isIn("local", "redis"));
        assertThat(product.get("/api/catalog/products/p-9999").statusCode()).isEqualTo(404);
        assertThat(product.get("/api/catalog/products/bad%20sku").statusCode()).isEqualTo(400);
    }

    @Test
    void aClientMayKeepAPageAndRevalidateItsETag() throws Exception {
        HttpResponse<String> first = product.get("/api/catalog/products/p-0031");
        assertThat(first.headers().firstValue("Cache-Control")).contains("max-age=1");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"p-0031-v1\"");
        HttpResponse<String> same = HttpClient.newHttpClient().send(HttpRequest.newBuilder(product.url("/api/catalog/products/p-0031"))
                .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(put("/internal/merchant/products/p-0031/prices", "{\"listCents\":7000,\"expectedVersion\":1}").statusCode()).isEqualTo(200);
        HttpResponse<String> changed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(product.url("/api/catalog/products/p-0031"))
                .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).as("a new version: the whole page again").isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).contains("\"p-0031-v2\"");
    }

    @Test
    void aCheckoutIsChargedTheDatabasesPriceForTheVersionTheBuyerSaw() throws Exception {
        JsonNode shown = read("p-0041");
        HttpResponse<String> paid = product.post("/api/catalog/checkouts", "{\"checkoutId\":\"c-1\",\"sku\":\"p-0041\",\"member\":false,\"shownVersion\":1}");
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
        assertThat(json(paid).path("chargedCents").asLong()).isEqualTo(shown.path("priceCents").asLong());
        assertThat(product.post("/api/catalog/checkouts", "{\"checkoutId\":\"c-1\",\"sku\":\"p-0041\",\"member\":false,\"shownVersion\":1}").body())
                .as("the same checkout again").contains("DUPLICATE_CHECKOUT");
        assertThat(put("/internal/merchant/products/p-0041/prices", "{\"listCents\":9100,\"expectedVersion\":1}").statusCode()).isEqualTo(200);
        HttpResponse<String> changed = product.post("/api/catalog/checkouts", "{\"checkoutId\":\"c-2\",\"sku\":\"p-0041\",\"member\":false,\"shownVersion\":1}");
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.body()).contains("PRICE_CHANGED", "9100");
        assertThat(product.post("/api/catalog/checkouts", "{\"checkoutId\":\"c-3\",\"sku\":\"p-0041\"}").statusCode()).isEqualTo(400);
        assertThat(product.post("/api/catalog/checkouts", "{\"checkoutId\":\"c-4\",\"sku\":\"p-9999\",\"shownVersion\":1}").statusCode()).isEqualTo(404);
    }

    @Test
    void servesTheCategoryTreeAndStockPerWarehouse() {
        JsonNode tree = product.getJson("/api/catalog/categories");
        assertThat(tree).hasSize(3);
        assertThat(tree.get(0).path("children")).isNotEmpty();
        JsonNode stock = product.getJson("/api/catalog/products/p-0003/stock");
        assertThat(stock.path("warehouses").propertyNames()).containsExactly("wh-east", "wh-north", "wh-south");
        assertThat(product.get("/api/catalog/products/p-9999/stock").statusCode()).isEqualTo(404);
    }

    @Test
    void aChangeIsSeenAtOnceAndARefusedOneChangesNothing() throws Exception {
        read("p-0011"); // cached now
        HttpResponse<String> ok = put("/internal/merchant/products/p-0011/prices", "{\"listCents\":5000,\"promotionCents\":4000,\"memberCents\":3500,\"expectedVersion\":1}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).path("version").asLong()).isEqualTo(2);
        JsonNode after = read("p-0011");
        assertThat(after.path("version").asLong()).as("the delete made the next read fill anew").isEqualTo(2);
        assertThat(after.path("priceCents").asLong()).isEqualTo(4000);
        assertThat(after.path("memberPriceCents").asLong()).isEqualTo(3500);

        java.util.List<String[]> refusals = java.util.List.of(
                new String[]{"/prices", "{\"listCents\":6000,\"expectedVersion\":1}"}, // 409: version 2 is there
                new String[]{"/prices", "{\"listCents\":-5,\"expectedVersion\":2}"},
                new String[]{"/prices", "{\"listCents\":5000,\"promotionCents\":7000,\"expectedVersion\":2}"},
                new String[]{"/prices", "{\"listCents\":5000}"},
                new String[]{"/detail", "{\"detail\":\"" + "x".repeat(CatalogStore.MAX_DETAIL + 1) + "\",\"expectedVersion\":2}"},
                new String[]{"/category", "{\"categoryId\":999,\"expectedVersion\":2}"});
        for (String[] r : refusals) {
            HttpResponse<String> no = put("/internal/merchant/products/p-0011" + r[0], r[1]);
            assertThat(no.statusCode()).as(r[0] + " " + no.body()).isBetween(400, 499);
        }
        assertThat(read("p-0011").path("version").asLong()).as("nothing was written").isEqualTo(2);
        assertThat(put("/internal/merchant/products/p-0099/prices", "{\"listCents\":5000,\"expectedVersion\":1}").statusCode()).isEqualTo(404);
    }

    @Test
    void searchFindsByKeywordCategoryBrandAndPriceAndFollowsChanges() throws Exception {
        JsonNode phones = product.getJson("/api/catalog/search?category=11&limit=100");
        JsonNode electronics = product.getJson("/api/catalog/search?category=1&limit=100");
        assertThat(electronics.path("total").asLong()).as("a parent finds its subtree").isGreaterThan(phones.path("total").asLong());
        JsonNode acme = product.getJson("/api/catalog/search?q=acme&brand=acme&limit=100");
        assertThat(acme.path("hits")).isNotEmpty().allSatisfy(h -> assertThat(h.path("name").asString()).startsWith("acme"));
        JsonNode v = read("p-0020");
        HttpResponse<String> ok = put("/internal/merchant/products/p-0020/prices", "{\"listCents\":123456,\"expectedVersion\":" + v.path("version").asLong() + "}");
        assertThat(ok.statusCode()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 5000; // the index follows the change log every 20 ms
        JsonNode found;
        do {
            found = product.getJson("/api/catalog/search?minPriceCents=123456&maxPriceCents=123456");
        } while (found.path("total").asLong() == 0 && System.currentTimeMillis() < deadline);
        assertThat(found.path("hits").get(0).path("sku").asString()).isEqualTo("p-0020");

        assertThat(product.get("/api/catalog/search?category=999").statusCode()).isEqualTo(404);
        assertThat(product.get("/api/catalog/search?minPriceCents=-1").statusCode()).isEqualTo(400);
        assertThat(product.get("/api/catalog/search?minPriceCents=9&maxPriceCents=1").statusCode()).isEqualTo(400);
        assertThat(product.get("/api/catalog/search?limit=abc").statusCode()).isEqualTo(400);
        assertThat(product.get("/api/catalog/search?limit=1000").statusCode()).isEqualTo(400);
    }

    @Test
    void theLabsWindowIsOnlySlowFill() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(product.url("/internal/lab/windows/hold").toString()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"open\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(product.post("/internal/lab/windows/slow-fill", "{}").statusCode()).isEqualTo(400);
        assertThat(product.post("/internal/lab/windows/slow-fill", "{\"open\":false}").statusCode()).isEqualTo(200);
    }
}
