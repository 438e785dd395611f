package shoplab.stack.edge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalPathTest {

    @Test
    void aCanonicalPathIsRoutedAsDecoded() {
        assertThat(CanonicalPath.of("/")).hasValue("/");
        assertThat(CanonicalPath.of("/api/orders/ord-7/pay")).hasValue("/api/orders/ord-7/pay");
        assertThat(CanonicalPath.of("/api/orders/")).hasValue("/api/orders/");
        assertThat(CanonicalPath.of("/api/products/%E5%95%86%E5%93%81")).hasValue("/api/products/商品");
        assertThat(CanonicalPath.of("/api/orders/a.b..c")).as("dots inside a segment are a name").hasValue("/api/orders/a.b..c");
    }

    /** Every way a public prefix could be made to reach another path once the server normalises it. */
    @Test
    void whatTheServerWouldRewriteIsRefused() {
        String[] tricks = {
            "/api/orders/../internal/stock/deduct", "/api/orders/./x", "/api/orders/..", "/api/orders//x",
            "/api/orders/..;/internal/stock/deduct", "/api/orders;x/../internal", "/api/orders/%2e%2e/internal/stock/deduct",
            "/api/orders/%2E%2E/internal", "/api/orders/.%2e/internal", "/api/orders%2f..%2finternal", "/api/orders/%2F",
            "/api/orders\\..\\internal", "/api/orders/%5c..%5cinternal", "/api/orders/%00", "/api/orders/%0d%0aX: y",
            "/api/orders/%zz", "/api/orders/%e", "/api/orders/%c0%ae%c0%ae/internal", "/api/orders/\u00e9", "api/orders",
            "//internal/stock/deduct"
        };
        for (String t : tricks) {
            assertThat(CanonicalPath.of(t)).as(t).isEmpty();
        }
    }
}
