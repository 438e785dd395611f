package shoplab.services.product.search;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import shoplab.services.product.search.ProductSearch.Hit;
import shoplab.services.product.search.ProductSearch.Page;
import shoplab.services.product.search.ProductSearch.ProductDoc;
import shoplab.services.product.search.ProductSearch.Query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductSearchTest {

    // categories: 1 root > 10 shoes > 100 running shoes; 1 root > 20 bags
    private static final List<Long> RUNNING = List.of(100L, 10L, 1L);
    private static final List<Long> SHOES = List.of(10L, 1L);
    private static final List<Long> BAGS = List.of(20L, 1L);

    private final ProductSearch search = new ProductSearch();

    @AfterEach
    void close() {
        search.close();
    }

    private static ProductDoc doc(String sku, String name, String detail, long priceCents, long version) {
        return new ProductDoc(sku, name, "Acme", SHOES, priceCents, detail, version);
    }

    private static Query keyword(String keyword) {
        return new Query(keyword, null, null, null, null, 100, 0);
    }

    private static Query everything() {
        return new Query(null, null, null, null, null, 100, 0);
    }

    private List<String> skus(Query q) {
        return search.search(q).hits().stream().map(Hit::sku).toList();
    }

    @Test
    void aKeywordInTheNameRanksAboveTheSameKeywordInTheDetail() {
        search.upsert(doc("A", "Boot", "great for the trail", 100, 1));
        search.upsert(doc("B", "Trail shoe", "comfortable", 100, 1));
        search.upsert(doc("C", "Sandal", "for the beach", 100, 1));

        assertThat(skus(keyword("TRAIL"))).containsExactly("B", "A");
    }

    @Test
    void everyKeywordTermMustMatchInTheNameOrTheDetail() {
        search.upsert(doc("A", "Red shoe", "leather", 100, 1));
        search.upsert(doc("B", "Red bag", "leather", 100, 1));
        search.upsert(doc("C", "Blue shoe", "suede", 100, 1));
        search.upsert(doc("D", "Shoe", "in red suede", 100, 1)); // one term in the name, the other in the detail

        assertThat(skus(keyword("red shoe"))).containsExactlyInAnyOrder("A", "D");
        assertThat(skus(keyword("red shoe suede"))).containsExactly("D");
    }

    @Test
    void queryParserSyntaxInTheKeywordIsOnlyText() {
        search.upsert(doc("A", "Red shoe", "leather", 100, 1));
        search.upsert(doc("B", "Blue shoe", "suede", 100, 1));

        // as query syntax these would exclude A, find B by field, and fail to parse
        assertThat(skus(keyword("+red -shoe*"))).containsExactly("A");
        assertThat(skus(keyword("name:blue"))).isEmpty();
        assertThat(skus(keyword("\"(shoe"))).containsExactly("A", "B");
        assertThat(search.search(keyword("*?!")).total()).isZero(); // no searchable term: nothing, not everything
    }

    @Test
    void aCategoryFindsItsSubtreeButNotItsSiblings() {
        search.upsert(new ProductDoc("run", "Racer", null, RUNNING, 100, null, 1));
        search.upsert(new ProductDoc("bag", "Tote", null, BAGS, 100, null, 1));

        assertThat(skus(new Query(null, 10L, null, null, null, 100, 0))).containsExactly("run");
        assertThat(skus(new Query(null, 100L, null, null, null, 100, 0))).containsExactly("run");
        assertThat(skus(new Query(null, 20L, null, null, null, 100, 0))).containsExactly("bag");
        assertThat(skus(new Query(null, 1L, null, null, null, 100, 0))).containsExactly("bag", "run");
        assertThat(skus(new Query(null, 30L, null, null, null, 100, 0))).isEmpty();
    }

    @Test
    void theBrandIsMatchedExactly() {
        search.upsert(new ProductDoc("a", "Shoe", "Acme", SHOES, 100, null, 1));
        search.upsert(new ProductDoc("b", "Shoe", "Acme Sports", SHOES, 100, null, 1));
        search.upsert(new ProductDoc("c", "Shoe", null, SHOES, 100, null, 1));

        assertThat(skus(new Query("shoe", null, "Acme", null, null, 100, 0))).containsExactly("a");
        assertThat(skus(new Query(null, null, "acme", null, null, 100, 0))).isEmpty();
    }

    @Test
    void thePriceBoundsAreInclusive() {
        search.upsert(doc("p099", "Shoe", null, 99, 1));
        search.upsert(doc("p100", "Shoe", null, 100, 1));
        search.upsert(doc("p200", "Shoe", null, 200, 1));
        search.upsert(doc("p201", "Shoe", null, 201, 1));

        assertThat(skus(new Query(null, null, null, 100L, 200L, 100, 0))).containsExactly("p100", "p200");
        assertThat(skus(new Query(null, null, null, 200L, null, 100, 0))).containsExactly("p200", "p201");
        assertThat(skus(new Query(null, null, null, null, 99L, 100, 0))).containsExactly("p099");
        assertThat(skus(new Query(null, null, null, 100L, 100L, 100, 0))).containsExactly("p100");
    }

    @Test
    void pagesAreCutByOffsetAndLimitAndCountEveryMatch() {
        for (int i = 0; i < 25; i++) {
            search.upsert(doc(String.format("sku-%02d", i), "Shoe " + i, null, 100 + i, 1));
        }

        Page second = search.search(new Query("shoe", null, null, null, null, 10, 10));
        assertThat(second.total()).isEqualTo(25);
        // the same score for all, so SKU order
        assertThat(second.hits()).extracting(Hit::sku)
                .containsExactly("sku-10", "sku-11", "sku-12", "sku-13", "sku-14",
                        "sku-15", "sku-16", "sku-17", "sku-18", "sku-19");
        assertThat(second.hits().get(0)).isEqualTo(new Hit("sku-10", "Shoe 10", 110, 1));

        Page last = search.search(new Query(null, null, null, null, null, 10, 20));
        assertThat(last.total()).isEqualTo(25);
        assertThat(last.hits()).extracting(Hit::sku).containsExactly("sku-20", "sku-21", "sku-22", "sku-23", "sku-24");

        Page beyond = search.search(new Query(null, null, null, null, null, 10, 30));
        assertThat(beyond.total()).isEqualTo(25);
        assertThat(beyond.hits()).isEmpty();
    }

    @Test
    void aNewerVersionReplacesAndAnOlderOneIsIgnored() {
        search.upsert(doc("a", "Old name", null, 100, 1));
        search.upsert(doc("a", "New name", null, 150, 3));
        search.upsert(doc("a", "Late name", null, 120, 2)); // reordered: arrives after version 3

        assertThat(search.version("a")).isEqualTo(3);
        assertThat(search.size()).isEqualTo(1);
        assertThat(search.search(everything()).hits()).containsExactly(new Hit("a", "New name", 150, 3));
        assertThat(search.search(keyword("late")).total()).isZero();
        assertThat(search.search(keyword("old")).total()).isZero();
    }

    @Test
    void aRedeliveryOfTheSameVersionIsIgnored() {
        search.upsert(doc("a", "First", null, 100, 5));
        search.upsert(doc("a", "Second", null, 200, 5)); // same version, other content: the first one stands

        assertThat(search.version("a")).isEqualTo(5);
        assertThat(search.search(everything()).hits()).containsExactly(new Hit("a", "First", 100, 5));
    }

    @Test
    void aDeletedProductIsNoLongerFound() {
        search.upsert(doc("a", "Shoe", null, 100, 1));
        search.upsert(doc("b", "Shoe", null, 100, 1));

        search.delete("a");
        search.delete("never-indexed"); // nothing to do

        assertThat(search.version("a")).isEqualTo(-1);
        assertThat(search.size()).isEqualTo(1);
        assertThat(skus(keyword("shoe"))).containsExactly("b");
    }

    @Test
    void concurrentUpsertsEndWithTheHighestVersions() throws Exception {
        int skus = 8;
        int versions = 15;
        int threads = 4;
        // every (sku, version) pair once, shuffled and dealt to the threads, so versions arrive out of order
        List<ProductDoc> all = new ArrayList<>();
        for (int s = 0; s < skus; s++) {
            for (int v = 1; v <= versions; v++) {
                all.add(doc("sku-" + s, "Shoe v" + v, null, v, v));
            }
        }
        Collections.shuffle(all, new Random(42));

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<ProductDoc> mine = all.subList(t * all.size() / threads, (t + 1) * all.size() / threads);
                done.add(pool.submit(() -> {
                    start.await();
                    for (ProductDoc d : mine) {
                        search.upsert(d);
                        search.search(keyword("shoe")); // searches run alongside the writes
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(search.size()).isEqualTo(skus);
        Page page = search.search(everything());
        assertThat(page.total()).isEqualTo(skus); // one document per SKU, none left behind by a replacement
        assertThat(page.hits()).allSatisfy(h -> {
            assertThat(h.version()).isEqualTo(versions);
            assertThat(h.name()).isEqualTo("Shoe v" + versions);
            assertThat(search.version(h.sku())).isEqualTo(versions);
        });
    }

    @Test
    void anInvalidQueryIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new Query(null, null, null, -1L, null, 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("minPriceCents must be >= 0, got -1");
        assertThatThrownBy(() -> new Query(null, null, null, null, -5L, 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPriceCents must be >= 0, got -5");
        assertThatThrownBy(() -> new Query(null, null, null, 300L, 200L, 10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minPriceCents (300) must be <= maxPriceCents (200)");
        assertThatThrownBy(() -> new Query(null, null, null, null, null, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be in 1..100, got 0");
        assertThatThrownBy(() -> new Query(null, null, null, null, null, 101, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be in 1..100, got 101");
        assertThatThrownBy(() -> new Query(null, null, null, null, null, 10, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("offset must be in 0..10000, got -1");
        assertThatThrownBy(() -> new Query(null, null, null, null, null, 10, 10_001))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("offset must be in 0..10000, got 10001");
        assertThatThrownBy(() -> new Query("x".repeat(201), null, null, null, null, 10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyword must be at most 200 characters, got 201");
        assertThatThrownBy(() -> new Query("  ", null, null, null, null, 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("keyword must be null or not blank");

        // the edges themselves are valid
        new Query("x".repeat(200), null, null, 0L, 0L, 100, 10_000);
        new Query(null, null, null, null, null, 1, 0);
    }
}
