package shoplab.services.payment;

import org.junit.jupiter.api.Test;
import shoplab.domain.trade.Money;
import shoplab.services.common.Signer;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class NoticeWriterTest {

    static final Signer SIGNER = new Signer("k".getBytes(StandardCharsets.UTF_8));
    static final NoticeWriter WRITER = new NoticeWriter(SIGNER);
    static final ChargeRow PAID = new ChargeRow("T000000000007", "m", "a", "p-7", "o-7", Channel.ALIPAY, Money.of(2500), true,
            URI.create("http://127.0.0.1:1/notify"), 1_000);

    static boolean verifies(OutgoingNotice n) {
        return SIGNER.verify(n.fields(), n.fields().get("sign"));
    }

    @Test
    void genuineAndStaleNoticesAreSignedWithTheProvidersKey() {
        OutgoingNotice genuine = WRITER.genuine(PAID, NoticeKind.GENUINE, 2_000);
        assertThat(verifies(genuine)).isTrue();
        assertThat(genuine.forged()).isFalse();
        assertThat(genuine.fields()).containsEntry("status", "SUCCESS").containsEntry("amountCents", "2500")
                .containsEntry("orderId", "o-7");
        OutgoingNotice stale = WRITER.stale(PAID);
        assertThat(verifies(stale)).isTrue();
        assertThat(stale.claimedStatus()).isEqualTo("FAIL");
        assertThat(Long.parseLong(stale.fields().get("notifyTime"))).isLessThan(PAID.createdAt());
        assertThat(stale.notifyId()).isNotEqualTo(genuine.notifyId());
    }

    @Test
    void everyForgeryClaimsSuccessIsMarkedForgedAndFailsVerification() {
        for (Forgery how : new Forgery[]{Forgery.BAD_SIGNATURE, Forgery.WRONG_KEY, Forgery.UNSIGNED}) {
            OutgoingNotice forged = WRITER.forged(PAID, how, 2_000);
            assertThat(verifies(forged)).as(how.name()).isFalse();
            assertThat(forged.forged()).isTrue();
            assertThat(forged.kind()).isEqualTo(NoticeKind.FORGED);
            assertThat(forged.claimedStatus()).isEqualTo("SUCCESS");
            assertThat(forged.notifyId()).isEqualTo("N" + PAID.tradeNo() + "-forged");
        }
        assertThat(WRITER.forged(PAID, Forgery.WRONG_KEY, 2_000).amountCents()).isEqualTo(1);
        assertThat(WRITER.forged(PAID, Forgery.UNSIGNED, 2_000).fields()).doesNotContainKey("sign");
    }
}
