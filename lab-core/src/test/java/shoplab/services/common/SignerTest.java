package shoplab.services.common;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignerTest {

    private static final byte[] KEY = "provider-secret".getBytes(StandardCharsets.UTF_8);

    private static Map<String, String> notice() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("trade_status", "TRADE_SUCCESS");
        fields.put("out_trade_no", "o-812");
        fields.put("trade_no", "t-1");
        fields.put("total_amount", "12.34");
        return fields;
    }

    @Test
    void signsTheSortedCanonicalText() {
        assertThat(Signer.canonical(notice()))
                .isEqualTo("out_trade_no=o-812&total_amount=12.34&trade_no=t-1&trade_status=TRADE_SUCCESS");
        Map<String, String> withSign = new HashMap<>(notice());
        withSign.put("sign", "whatever");
        withSign.put("sign_type", "HMAC-SHA256");
        withSign.put("memo", "");
        assertThat(Signer.canonical(withSign)).isEqualTo(Signer.canonical(notice()));
    }

    @Test
    void roundTrips() {
        Signer signer = new Signer(KEY);
        String signature = signer.sign(notice());
        assertThat(Base64.getDecoder().decode(signature)).hasSize(32);
        assertThat(signer.verify(notice(), signature)).isTrue();
        assertThat(new Signer(KEY.clone()).verify(new HashMap<>(notice()), signature)).isTrue();
    }

    @Test
    void aTamperedFieldFails() {
        Signer signer = new Signer(KEY);
        String signature = signer.sign(notice());
        Map<String, String> tampered = notice();
        tampered.put("total_amount", "0.01");
        assertThat(signer.verify(tampered, signature)).isFalse();
        Map<String, String> added = notice();
        added.put("buyer_id", "u-1");
        assertThat(signer.verify(added, signature)).isFalse();
    }

    @Test
    void aWrongKeyFails() {
        String signature = new Signer("attacker".getBytes(StandardCharsets.UTF_8)).sign(notice());
        assertThat(new Signer(KEY).verify(notice(), signature)).isFalse();
    }

    @Test
    void garbageSignaturesFailWithoutThrowing() {
        Signer signer = new Signer(KEY);
        assertThat(signer.verify(notice(), null)).isFalse();
        assertThat(signer.verify(notice(), "not base64 !!")).isFalse();
        assertThat(signer.verify(notice(), "")).isFalse();
    }

    @Test
    void rejectsAnEmptyKey() {
        assertThatThrownBy(() -> new Signer(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
