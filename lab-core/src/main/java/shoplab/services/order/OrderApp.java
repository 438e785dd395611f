package shoplab.services.order;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.ApiError;

/**
 * The order (trade) service: places orders by asking the inventory service to deduct stock, holds
 * them for payment, and releases the stock of orders whose hold expired.
 */
@SpringBootApplication(scanBasePackageClasses = {OrderApp.class, ApiError.class})
public class OrderApp {

    /** Properties the stack sets. */
    public static final String INVENTORY_URL = "shoplab.inventory.url";
    public static final String HOLD_MILLIS = "shoplab.order.hold-millis";
    /** Order ids are {@code <prefix>-<n>}: instances sharing one database each get their own prefix. */
    public static final String ORDER_ID_PREFIX = "shoplab.order.id-prefix";

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager tm) {
        return new TransactionTemplate(tm);
    }
}
