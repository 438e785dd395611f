package shoplab.services.coupon;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.services.ServiceUnderTest;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static shoplab.services.ServiceUnderTest.json;

/** The coupon service over real HTTP on an H2 file database: its life cycle, exclusivity, replays, bad input. */
class CouponServiceTest {

    @TempDir
    static Path dir;
    static ServiceUnderTest coupons;

    @BeforeAll
    static void boot() {
        coupons = ServiceUnderTest.start(CouponApp.class, ServiceUnderTest.h2(dir, "coupon"));
    }

    @AfterAll
    static void stop() {
        coupons.close();
    }

    static HttpResponse<String> issue(String code, String user, long discount, long min) {
        return coupons.post("/internal/coupons/issue", "{\"code\":\"" + code + "\",\"userId\":\"" + user
                + "\",\"discountCents\":" + discount + ",\"minOrderCents\":" + min + "}");
    }

    static HttpResponse<String> lock(String code, String user, String order, long cents) {
        return coupons.post("/internal/coupons/" + code + "/lock", "{\"userId\":\"" + user + "\",\"orderId\":\"" + order
                + "\",\"orderCents\":" + cents + "}");
    }

    static HttpResponse<String> redeem(String code, String order) {
        return coupons.post("/internal/coupons/" + code + "/redeem", "{\"orderId\":\"" + order + "\"}");
    }

    static HttpResponse<String> release(String code, String order, boolean refund) {
        return coupons.post("/internal/coupons/" + code + "/release", "{\"orderId\":\"" + order + "\",\"refund\":" + refund + "}");
    }

    static JsonNode coupon(String code) {
        for (JsonNode c : coupons.getJson("/internal/coupons").path("coupons")) {
            if (c.path("code").asString().equals(code)) {
                return c;
            }
        }
        throw new AssertionError("no coupon " + code);
    }

    static void assertOk(HttpResponse<String> r, String state, boolean replayed) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("state").asString()).isEqualTo(state);
        assertThat(json(r).path("replayed").asBoolean()).isEqualTo(replayed);
    }

    static void assertRefused(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error").asString()).isEqualTo(code);
        assertThat(json(r).path("message").asString()).isNotBlank();
    }

    @Test
    void aCouponLocksRedeemsOnceAndComesBackOnlyThroughARefund() {
        assertThat(issue("c-life", "u-1", 500, 3000).statusCode()).isEqualTo(201);
        assertThat(issue("c-life", "u-1", 500, 3000).statusCode()).isEqualTo(200); // a replayed seed
        assertRefused(issue("c-life", "u-2", 500, 3000), 409, "CODE_TAKEN");
        assertOk(lock("c-life", "u-1", "o-1", 3000), "LOCKED", false);
        assertOk(lock("c-life", "u-1", "o-1", 3000), "LOCKED", true);
        assertRefused(lock("c-life", "u-1", "o-2", 3000), 409, "COUPON_IN_USE");
        assertRefused(redeem("c-life", "o-2"), 409, "NOT_LOCKED_BY_ORDER");
        assertOk(redeem("c-life", "o-1"), "REDEEMED", false);
        assertOk(redeem("c-life", "o-1"), "REDEEMED", true);
        assertRefused(lock("c-life", "u-1", "o-2", 3000), 409, "COUPON_IN_USE");
        assertRefused(release("c-life", "o-1", false), 409, "REDEEMED");
        assertThat(coupon("c-life").path("state").asString()).isEqualTo("REDEEMED");
        assertOk(release("c-life", "o-1", true), "RELEASED", false);
        assertOk(release("c-life", "o-1", true), "RELEASED", true);
    }

    @Test
    void aReleasedCouponServesTheNextOrderAndALateReplayForTheOldOneChangesNothing() {
        issue("c-again", "u-1", 500, 0);
        assertOk(lock("c-again", "u-1", "o-10", 100), "LOCKED", false);
        assertOk(release("c-again", "o-10", false), "RELEASED", false);
        assertOk(lock("c-again", "u-1", "o-11", 100), "LOCKED", false);
        assertOk(release("c-again", "o-10", false), "LOCKED", true); // o-11 keeps it
        assertRefused(redeem("c-again", "o-10"), 409, "RELEASED_FOR_ORDER"); // paid after close: the trade refunds
        assertOk(redeem("c-again", "o-11"), "REDEEMED", false);
        JsonNode c = coupon("c-again");
        assertThat(c.path("orderId").asString()).isEqualTo("o-11");
        assertThat(c.path("uses")).hasSize(2);
        assertThat(c.path("uses").get(0).path("state").asString()).isEqualTo("RELEASED");
        assertThat(c.path("uses").get(1).path("state").asString()).isEqualTo("REDEEMED");
    }

    @Test
    void sixteenOrdersRacingForOneCouponLeaveExactlyOneHolder() throws Exception {
        issue("c-race", "u-1", 500, 0);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String order = "o-race-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return lock("c-race", "u-1", order, 1000);
                }));
            }
            start.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get(20, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    winners.add(json(r).path("orderId").asString());
                } else {
                    assertRefused(r, 409, "COUPON_IN_USE");
                }
            }
            assertThat(winners).hasSize(1);
            JsonNode c = coupon("c-race");
            assertThat(c.path("state").asString()).isEqualTo("LOCKED");
            assertThat(c.path("orderId").asString()).isEqualTo(winners.get(0));
            assertThat(c.path("uses")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theMinimumAndTheOwnerAreEnforced() {
        issue("c-min", "u-1", 500, 3000);
        assertRefused(lock("c-min", "u-1", "o-20", 2999), 422, "BELOW_MINIMUM");
        assertRefused(lock("c-min", "u-2", "o-20", 5000), 403, "NOT_YOUR_COUPON");
        assertThat(coupon("c-min").path("state").asString()).isEqualTo("ISSUED");
        assertThat(coupon("c-min").path("uses")).isEmpty();
    }

    @Test
    void badRequestsAre4xxAndChangeNothing() {
        issue("c-bad", "u-1", 500, 1000);
        String before = coupons.get("/internal/coupons").body();
        assertRefused(issue("c-new", "u-1", 0, 0), 400, "INVALID_DISCOUNT_CENTS");
        assertRefused(issue("c-new", "u-1", -5, 0), 400, "INVALID_DISCOUNT_CENTS");
        assertRefused(issue("c-new", "u-1", 500, -1), 400, "INVALID_MIN_ORDER_CENTS");
        assertRefused(issue("c-new", "u-1", 20_000_000_000L, 0), 400, "INVALID_DISCOUNT_CENTS");
        assertRefused(coupons.post("/internal/coupons/issue", "{\"code\":\"c-new\",\"userId\":\"u-1\",\"discountCents\":99999999999999999999,\"minOrderCents\":0}"),
                400, "MALFORMED_BODY");
        assertRefused(coupons.post("/internal/coupons/issue", "{\"code\":\"c-new\",\"userId\":\"u-1\",\"discountCents\":5.5,\"minOrderCents\":0}"),
                400, "MALFORMED_BODY");
        assertRefused(coupons.post("/internal/coupons/issue", "{\"code\":\"c-new\",\"userId\":\"u-1\",\"minOrderCents\":0}"),
                400, "MISSING_DISCOUNT_CENTS");
        assertRefused(coupons.post("/internal/coupons/issue", "{\"code\":\"c new\",\"userId\":\"u-1\",\"discountCents\":5,\"minOrderCents\":0}"),
                400, "INVALID_CODE");
        assertRefused(lock("c-nope", "u-1", "o-30", 1000), 404, "UNKNOWN_COUPON");
        assertRefused(lock("c-bad", "u-1", "o-30", 0), 400, "INVALID_ORDER_CENTS");
        assertRefused(coupons.post("/internal/coupons/c-bad/lock", "{\"userId\":\"u-1\",\"orderCents\":1000}"), 400, "INVALID_ORDERID");
        assertRefused(redeem("c-nope", "o-30"), 404, "UNKNOWN_COUPON");
        assertRefused(redeem("c-bad", "o-30"), 409, "NOT_LOCKED_BY_ORDER");
        assertRefused(release("c-nope", "o-30", false), 404, "UNKNOWN_COUPON");
        assertRefused(release("c-bad", "o-30", false), 409, "NOT_LOCKED_BY_ORDER");
        assertRefused(coupons.post("/internal/coupons/c-bad/lock", "{\"userId\":"), 400, "MALFORMED_BODY");
        assertRefused(coupons.post("/internal/coupons/c-bad/redeem", "null"), 400, "MALFORMED_BODY");
        assertRefused(coupons.post("/internal/coupons/c-bad/lock", "{\"userId\":\"u-1\",\"orderId\":\"o-30\",\"orderCents\":1000,\"pad\":\""
                + "x".repeat(70_000) + "\"}"), 413, "BODY_TOO_LARGE");
        assertThat(coupons.get("/internal/coupons").body()).isEqualTo(before);
    }
}
