package shoplab.services.payment;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import shoplab.services.common.ApiError;
import shoplab.services.common.StrictApi;
import shoplab.services.common.Signer;

import java.nio.charset.StandardCharsets;

/**
 * The payment provider, outside every data center (an Alipay / WeChat Pay stand-in): takes payments into
 * its own ledger ({@code spring.datasource.*}, migrated from {@code db/payment}), notifies the merchant
 * asynchronously with signed notices retried on the channel's schedule, and misbehaves as configured by
 * the storm. Its own context; configured only through the properties below.
 */
@Import(StrictApi.class)
@SpringBootApplication(scanBasePackageClasses = {PaymentProviderApp.class, ApiError.class})
public class PaymentProviderApp {

    /** The one merchant account and the key notices are signed with (the merchant verifies with the same). */
    public static final String MERCHANT_ID = "shoplab.payment.merchant-id";
    public static final String APP_ID = "shoplab.payment.app-id";
    public static final String SIGN_KEY = "shoplab.payment.sign-key";
    /** The key the merchant signs its pay and refund requests with (the provider verifies with the same). */
    public static final String MERCHANT_KEY = "shoplab.payment.merchant-key";
    public static final String DEFAULT_MERCHANT_KEY = "shoplab-merchant-key";
    /** Lab clock scale for the retry schedules (100: 15 s becomes 150 ms); default 1, real time. */
    public static final String TIME_FACTOR = "shoplab.payment.time-factor";
    /** How long one delivery waits for the merchant to connect and answer, ms. */
    public static final String NOTIFY_TIMEOUT_MS = "shoplab.payment.notify-timeout-ms";
    /** The storm at boot (see {@link Storm}); every rate defaults to 0, so the provider behaves. */
    public static final String STORM = "shoplab.payment.storm.";

    @Bean
    Merchant merchant(@Value("${" + MERCHANT_ID + ":shoplab}") String merchantId,
                      @Value("${" + APP_ID + ":shoplab-app}") String appId,
                      @Value("${" + MERCHANT_KEY + ":" + DEFAULT_MERCHANT_KEY + "}") String key) {
        return new Merchant(merchantId, appId, new Signer(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Bean
    NoticeWriter noticeWriter(@Value("${" + SIGN_KEY + ":shoplab-lab-signing-key}") String key) {
        return new NoticeWriter(new Signer(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Bean(destroyMethod = "close")
    NoticeDispatcher noticeDispatcher(Ledger ledger, @Value("${" + TIME_FACTOR + ":1}") double factor,
                                      @Value("${" + NOTIFY_TIMEOUT_MS + ":5000}") long timeoutMs) {
        return new NoticeDispatcher(ledger, new LabTime(factor), timeoutMs);
    }

    @Bean
    PaymentService paymentService(Ledger ledger, NoticeDispatcher dispatcher, NoticeWriter writer,
                                  @Value("${" + STORM + "seed:0}") long seed,
                                  @Value("${" + STORM + "fail-rate:0}") double failRate,
                                  @Value("${" + STORM + "late-rate:0}") double lateRate,
                                  @Value("${" + STORM + "late-ms:0}") long lateMs,
                                  @Value("${" + STORM + "duplicate-rate:0}") double duplicateRate,
                                  @Value("${" + STORM + "duplicate-count:0}") int duplicateCount,
                                  @Value("${" + STORM + "concurrent-rate:0}") double concurrentRate,
                                  @Value("${" + STORM + "concurrent-count:0}") int concurrentCount,
                                  @Value("${" + STORM + "out-of-order-rate:0}") double outOfOrderRate,
                                  @Value("${" + STORM + "forged-rate:0}") double forgedRate) {
        return new PaymentService(ledger, dispatcher, writer, new Storm(seed, failRate, lateRate, lateMs, duplicateRate,
                duplicateCount, concurrentRate, concurrentCount, outOfOrderRate, forgedRate));
    }
}
