package shoplab.services.product;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import shoplab.services.ServiceUnderTest;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.services.ServiceUnderTest.json;

/** The product service over real HTTP: prices, the fee model's thresholds, and bad input. */
class ProductServiceTest {

    static ServiceUnderTest product;

    @BeforeAll
    static void boot() {
        // base 6.00 + 1.00 per unit, free from 99.00, remote regions +15.00 and never free
        product = ServiceUnderTest.start(ProductApp.class, Map.of(ProductApp.PRICES, "sku-1:1999,sku-2:4999,sku-3:9900"));
    }

    @AfterAll
    static void stop() {
        product.close();
    }

    static HttpResponse<String> fee(String body) {
        return product.post("/api/shipping-fee", body);
    }

    static JsonNode feeOk(String body) {
        HttpResponse<String> r = fee(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void looksUpPrices() {
        JsonNode p = product.getJson("/api/products/sku-2");
        assertThat(p.path("sku").asString()).isEqualTo("sku-2");
        assertThat(p.path("priceCents").asLong()).isEqualTo(4999);
        assertThat(product.get("/api/products/sku-9")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("UNKNOWN_SKU");
        });
        assertThat(product.get("/api/products/bad%20sku").statusCode()).isEqualTo(400);
    }

    @Test
    void chargesBasePlusPerUnitBelowTheThresholdAndNothingFromIt() {
        // 2 x 19.99 + 49.99 = 89.97 < 99.00: 6.00 + 3 x 1.00
        JsonNode below = feeOk("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":2},{\"sku\":\"sku-2\",\"quantity\":1}]}");
        assertThat(below.path("goodsCents").asLong()).isEqualTo(8997);
        assertThat(below.path("units").asInt()).isEqualTo(3);
        assertThat(below.path("feeCents").asLong()).isEqualTo(900);
        assertThat(below.path("freeShipping").asBoolean()).isFalse();
        // exactly 99.00 ships free
        JsonNode at = feeOk("{\"items\":[{\"sku\":\"sku-3\",\"quantity\":1}]}");
        assertThat(at.path("feeCents").asLong()).isZero();
        assertThat(at.path("freeShipping").asBoolean()).isTrue();
        // a cent below does not: 5 x 19.99 = 99.95 ships free, 4 x 19.99 = 79.96 does not
        assertThat(feeOk("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":5}]}").path("feeCents").asLong()).isZero();
        assertThat(feeOk("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":4}]}").path("feeCents").asLong()).isEqualTo(1000);
    }

    @Test
    void remoteRegionsPayASurchargeAndNeverShipFree() {
        JsonNode remote = feeOk("{\"items\":[{\"sku\":\"sku-3\",\"quantity\":1}],\"region\":\"Xinjiang\"}");
        assertThat(remote.path("feeCents").asLong()).isEqualTo(600 + 100 + 1500);
        assertThat(remote.path("remote").asBoolean()).isTrue();
        assertThat(feeOk("{\"items\":[{\"sku\":\"sku-3\",\"quantity\":1}],\"region\":\"shanghai\"}")
                .path("feeCents").asLong()).isZero();
    }

    @Test
    void badFeeRequestsAre4xxWithAClearMessage() {
        assertRefused(fee("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":0}]}"), 400, "INVALID_QUANTITY");
        assertRefused(fee("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":-2}]}"), 400, "INVALID_QUANTITY");
        assertRefused(fee("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":1000000}]}"), 400, "INVALID_QUANTITY");
        assertRefused(fee("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":1.5}]}"), 400, "MALFORMED_BODY");
        assertRefused(fee("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":\"2\"}]}"), 400, "MALFORMED_BODY");
        assertRefused(fee("{\"items\":[{\"sku\":\"sku-1\"}]}"), 400, "MISSING_QUANTITY");
        assertRefused(fee("{\"items\":[{\"sku\":\"nope\",\"quantity\":1}]}"), 404, "UNKNOWN_SKU");
        assertRefused(fee("{\"items\":[{\"quantity\":1}]}"), 400, "INVALID_SKU");
        assertRefused(fee("{\"items\":[]}"), 400, "INVALID_ITEMS");
        assertRefused(fee("{\"items\":[null]}"), 400, "INVALID_ITEMS");
        assertRefused(fee("{}"), 400, "MISSING_ITEMS");
        assertRefused(fee("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":1}],\"region\":\"\"}"), 400, "INVALID_REGION");
        assertRefused(fee("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":1}]"), 400, "MALFORMED_BODY");
        assertRefused(fee("{\"items\":[]} trailing"), 400, "MALFORMED_BODY");
        assertRefused(fee("null"), 400, "MALFORMED_BODY");
        assertRefused(fee(""), 400, "MALFORMED_BODY");
        assertRefused(product.post("/api/shipping-fee", "text/plain", HttpRequest.BodyPublishers.ofString("hi")),
                415, "UNSUPPORTED_MEDIA_TYPE");
        String huge = "{\"items\":[{\"sku\":\"sku-1\",\"quantity\":1}],\"region\":\"" + "x".repeat(70_000) + "\"}";
        assertRefused(fee(huge), 413, "BODY_TOO_LARGE");
        // chunked (no Content-Length): the limit holds while reading
        assertRefused(product.post("/api/shipping-fee", "application/json", HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(huge.getBytes()))), 413, "BODY_TOO_LARGE");
        assertThat(product.post("/api/shipping-fee", "application/json", HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream("{\"items\":[{\"sku\":\"sku-1\",\"quantity\":1}]}".getBytes())))
                .statusCode()).isEqualTo(200);
    }

    static void assertRefused(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.path("error").asString()).isEqualTo(code);
        assertThat(body.path("message").asString()).isNotBlank();
    }
}
