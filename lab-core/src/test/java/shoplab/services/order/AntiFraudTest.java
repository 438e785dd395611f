package shoplab.services.order;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each defence alone, on the component: what it refuses, and that it lets an ordinary buyer through. */
class AntiFraudTest {

    static String refusal(AntiFraud f, String user, String device, String address, String token) {
        ResponseEntity<Map<String, Object>> r = f.refusal(user, "sku-1", device, address, token);
        return r == null ? null : r.getStatusCode().value() + " " + r.getBody().get("error");
    }

    @Test
    void withoutDefencesEveryAttemptGoesThrough() {
        AntiFraud none = new AntiFraud(AntiFraudMechanism.NONE, "k", "t-none");
        for (int i = 0; i < 50; i++) {
            assertThat(refusal(none, "b-" + i, "bot-device-0", "10.66.0.0", "")).isNull();
        }
        none.close();
    }

    @Test
    void theTokenIsHandedOutOnceTheSaleOpensAndOnlyForItsUserAndSku() {
        AntiFraud token = new AntiFraud(AntiFraudMechanism.TOKEN, "k", "t-token");
        token.opensAt(System.currentTimeMillis() + 60_000);
        assertThat(token.token("u-1", "sku-1")).as("before the opening").isNull();
        assertThat(refusal(token, "u-1", "phone-1", "10.0.0.1", "")).isEqualTo("403 NO_SALE_TOKEN");
        token.opensAt(System.currentTimeMillis() - 1);
        String t = token.token("u-1", "sku-1");
        assertThat(refusal(token, "u-1", "phone-1", "10.0.0.1", t)).isNull();
        assertThat(refusal(token, "u-2", "phone-2", "10.0.0.2", t)).as("another user's token").isEqualTo("403 NO_SALE_TOKEN");
        assertThat(refusal(token, "u-1", "phone-1", "10.0.0.1", "forged")).isEqualTo("403 NO_SALE_TOKEN");
        assertThat(new AntiFraud(AntiFraudMechanism.TOKEN, "another stack's key", "t-other").token("u-1", "sku-1"))
                .as("signed with the stack's key").isNotEqualTo(t);
        token.close();
    }

    @Test
    void aDeviceManyAccountsBuyFromIsBlacklistedAndOthersAreNot() {
        AntiFraud blacklist = new AntiFraud(AntiFraudMechanism.BLACKLIST, "k", "t-blacklist");
        for (int i = 0; i < AntiFraud.ACCOUNTS_PER_DEVICE; i++) {
            assertThat(refusal(blacklist, "b-" + i, "bot-device-0", "10.66.0." + i, "")).isNull();
        }
        assertThat(refusal(blacklist, "b-99", "bot-device-0", "10.66.1.1", "")).isEqualTo("403 BLACKLISTED");
        assertThat(refusal(blacklist, "b-0", "bot-device-0", "10.66.0.0", "")).as("for the rest of the sale").isEqualTo("403 BLACKLISTED");
        assertThat(refusal(blacklist, "u-1", "phone-1", "10.0.0.1", "")).isNull();
        assertThat(refusal(blacklist, "u-1", "phone-1", "10.0.0.1", "")).as("a buyer pressing twice").isNull();
        assertThat(blacklist.blacklistedCount()).isEqualTo(1);
        blacklist.close();
    }

    @Test
    void limitsRefuseRepeatedAttemptsPerUserAndPerDevice() {
        AntiFraud limits = new AntiFraud(AntiFraudMechanism.LIMITS, "k", "t-limits");
        assertThat(refusal(limits, "u-1", "phone-1", "10.0.0.1", "")).isNull();
        assertThat(refusal(limits, "u-1", "phone-1", "10.0.0.1", "")).isEqualTo("429 TOO_MANY_ATTEMPTS");
        int refused = 0;
        for (int i = 0; i < 10; i++) { // ten accounts on one device within the second: about two get through
            refused += refusal(limits, "b-" + i, "bot-device-0", "10.66.0." + i, "") == null ? 0 : 1;
        }
        assertThat(refused).isGreaterThanOrEqualTo(7);
        assertThat(refusal(limits, "u-2", "phone-2", "10.0.0.2", "")).as("another buyer").isNull();
        limits.close();
    }

    @Test
    void allDefencesTogether() {
        AntiFraud all = new AntiFraud(AntiFraudMechanism.ALL, "k", "t-all");
        assertThat(refusal(all, "u-1", "phone-1", "10.0.0.1", "")).isEqualTo("403 NO_SALE_TOKEN");
        assertThat(refusal(all, "u-2", "phone-2", "10.0.0.2", all.token("u-2", "sku-1"))).isNull();
        all.close();
    }
}
