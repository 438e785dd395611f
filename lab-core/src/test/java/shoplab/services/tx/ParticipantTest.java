package shoplab.services.tx;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.services.ServiceUnderTest;
import shoplab.services.coupon.CouponApp;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real coupon service as a participant of the distributed purchase: the TCC fence (an empty rollback, a try
 * after its cancel that does nothing, confirm and cancel that count once), the tombstone of the plain moves,
 * and a refused reserve that takes nothing.
 */
class ParticipantTest {

    @TempDir
    static Path dir;
    static ServiceUnderTest coupon;

    @BeforeAll
    static void start() {
        Map<String, Object> p = new HashMap<>(ServiceUnderTest.h2(dir, "coupon"));
        p.put(TxParticipant.NAME, "coupon");
        coupon = ServiceUnderTest.start(CouponApp.class, p);
        assertThat(coupon.post("/internal/tx/items", "{\"items\":{\"c-1\":1,\"c-2\":1,\"c-3\":1,\"c-4\":1}}").statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        coupon.close();
    }

    private static HttpResponse<String> move(String mode, String op, String purchase, String key) {
        return coupon.post("/internal/tx/" + mode + "/" + op, "{\"purchaseId\":\"" + purchase + "\""
                + (key == null ? "" : ",\"key\":\"" + key + "\"") + "}");
    }

    private static String result(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ServiceUnderTest.JSON.readTree(r.body()).path("result").asString();
    }

    private static JsonNode hold(String purchase) {
        for (JsonNode h : coupon.getJson("/internal/tx/state").path("holds")) {
            if (h.path("purchaseId").asString().equals(purchase)) {
                return h;
            }
        }
        return null;
    }

    private static long free(String key) {
        for (JsonNode i : coupon.getJson("/internal/tx/state").path("items")) {
            if (i.path("key").asString().equals(key)) {
                return i.path("free").asLong();
            }
        }
        throw new AssertionError("no item " + key);
    }

    @Test
    void aCancelBeforeItsTryIsAnEmptyRollbackAndTheLateTryDoesNothing() {
        long emptyBefore = coupon.getJson("/internal/tx/stats").path("emptyRollbacks").asLong();
        long suspendedBefore = coupon.getJson("/internal/tx/stats").path("suspendedTries").asLong();

        assertThat(result(move("tcc", "cancel", "p-late", null))).isEqualTo("VOIDED");
        assertThat(result(move("tcc", "try", "p-late", "c-1"))).as("the try that came after its cancel").isEqualTo("TOO_LATE");

        assertThat(free("c-1")).as("the late try took nothing").isEqualTo(1);
        assertThat(hold("p-late")).as("and holds nothing").isNull();
        JsonNode stats = coupon.getJson("/internal/tx/stats");
        assertThat(stats.path("emptyRollbacks").asLong()).isEqualTo(emptyBefore + 1);
        assertThat(stats.path("suspendedTries").asLong()).isEqualTo(suspendedBefore + 1);
    }

    @Test
    void confirmAndCancelCountOnceHoweverOftenAsked() {
        assertThat(result(move("tcc", "try", "p-twice", "c-2"))).isEqualTo("DONE");
        assertThat(result(move("tcc", "try", "p-twice", "c-2"))).isEqualTo("REPLAYED");
        assertThat(free("c-2")).isZero();
        assertThat(result(move("tcc", "confirm", "p-twice", null))).isEqualTo("DONE");
        assertThat(result(move("tcc", "confirm", "p-twice", null))).isEqualTo("REPLAYED");
        assertThat(move("tcc", "cancel", "p-twice", null).statusCode()).as("a confirmed branch cannot be cancelled").isEqualTo(409);
        assertThat(hold("p-twice").path("state").asString()).isEqualTo("TAKEN");
        long journal = 0;
        for (JsonNode e : coupon.getJson("/internal/tx/state").path("effects")) {
            journal += e.path("purchaseId").asString().equals("p-twice") ? 1 : 0;
        }
        assertThat(journal).as("one reserve, one confirm in the journal").isEqualTo(2);
    }

    @Test
    void aPlainCancelBeforeItsReserveLeavesATombstone() {
        assertThat(result(move("plain", "cancel", "p-tomb", null))).isEqualTo("VOIDED");
        assertThat(result(move("plain", "reserve", "p-tomb", "c-3"))).isEqualTo("TOO_LATE");
        assertThat(free("c-3")).isEqualTo(1);
        assertThat(hold("p-tomb").path("state").asString()).isEqualTo("VOID");
    }

    @Test
    void aReserveWithNoFreeUnitIsRefusedAndTakesNothing() {
        assertThat(result(move("plain", "reserve", "p-first", "c-4"))).isEqualTo("DONE");
        HttpResponse<String> second = move("plain", "reserve", "p-second", "c-4");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("NO_UNITS");
        assertThat(hold("p-second")).isNull();
        assertThat(result(move("plain", "cancel", "p-first", null))).isEqualTo("DONE");
        assertThat(free("c-4")).isEqualTo(1);
    }

    @Test
    void badMovesAreRefusedAndChangeNothing() {
        assertThat(move("plain", "explode", "p-x", null).statusCode()).isEqualTo(404);
        assertThat(move("tcc", "try", "p-x", "bad key!").statusCode()).isEqualTo(400);
        assertThat(coupon.post("/internal/tx/xa/take", "{\"xid\":\"1:aa:bb\",\"purchaseId\":\"p-x\",\"key\":\"c-1\"}").statusCode())
                .as("2PC needs MariaDB").isEqualTo(409);
        assertThat(hold("p-x")).isNull();
    }
}
