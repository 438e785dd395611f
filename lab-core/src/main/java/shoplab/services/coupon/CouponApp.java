package shoplab.services.coupon;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.ApiError;
import shoplab.services.common.StrictApi;
import shoplab.services.tx.TxParticipant;

/**
 * The marketing (coupon) service: issues coupons, locks one for one order at checkout, redeems it when
 * the payment succeeds and releases it when the order fails or times out. Its own context and database
 * ({@code spring.datasource.*}, migrated from {@code db/coupon}).
 */
@Import({StrictApi.class, TxParticipant.class})
@SpringBootApplication(scanBasePackageClasses = {CouponApp.class, ApiError.class})
public class CouponApp {

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager tm) {
        return new TransactionTemplate(tm);
    }
}
