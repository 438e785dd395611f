package shoplab.services.trade;

import shoplab.services.common.SiteLease;
import shoplab.services.common.RaceWindow;
import shoplab.services.common.Signer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.ApiError;
import shoplab.services.common.StrictApi;
import shoplab.services.common.Migrations;
import tools.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The trade service: checkout (price, stock, shipping fee, coupon), payment start, the provider's
 * notices under the run's idempotency {@link PaymentGuard}, the order-timeout job, and the sales queued to Kafka.
 * Its own context and H2 database ({@code spring.datasource.*}, migrated from {@code db/trade}).
 */
@Import(StrictApi.class)
@SpringBootApplication(scanBasePackageClasses = {TradeApp.class, ApiError.class})
public class TradeApp {

    /** Base URLs of the services the checkout calls, and of the payment provider. Required. */
    public static final String PRODUCT_URL = "shoplab.trade.product-url";
    public static final String INVENTORY_URL = "shoplab.trade.inventory-url";
    public static final String COUPON_URL = "shoplab.trade.coupon-url";
    public static final String PAYMENT_URL = "shoplab.trade.payment-url";
    /**
     * Where the provider calls back, without the channel: {@code http://127.0.0.1:PORT/api/trade/notify}
     * (the service appends {@code /alipay} or {@code /wechat}). Required: only the lab knows the address
     * the provider reaches the trade service at.
     */
    public static final String NOTIFY_URL = "shoplab.trade.notify-url";
    /**
     * The merchant account, the key notices are signed with and the key this merchant signs its requests
     * with; the same names and defaults as the provider's (the lab gives both random keys for each stack).
     */
    public static final String MERCHANT_ID = "shoplab.payment.merchant-id";
    public static final String APP_ID = "shoplab.payment.app-id";
    public static final String SIGN_KEY = "shoplab.payment.sign-key";
    public static final String MERCHANT_KEY = "shoplab.payment.merchant-key";
    /**
     * Order ids are {@code <prefix>-<n>}; default {@code ord}. The inventory, the coupons and the provider
     * key their rows by order (and payment) id, so two trade services sharing them need distinct prefixes.
     */
    public static final String ORDER_ID_PREFIX = "shoplab.trade.order-id-prefix";
    /** {@code naive}, {@code pessimistic} or {@code optimistic} (default). */
    public static final String GUARD = "shoplab.trade.guard";
    /** How long an order may stay unpaid, real milliseconds (the lab scales it); default 30 min. */
    public static final String ORDER_TIMEOUT_MS = "shoplab.trade.order-timeout-ms";
    /** How often the timeout job runs, ms; default 100. */
    public static final String TIMEOUT_PERIOD_MS = "shoplab.trade.timeout-period-ms";
    /** How long after an order ended the timeout job retries an effect not yet done (a release), ms; default 1000. */
    public static final String EFFECT_RETRY_MS = "shoplab.trade.effect-retry-ms";
    /** The Kafka bootstrap servers the sales go to. Required, unless {@link #SALES_OUTBOX_ONLY}. */
    public static final String KAFKA_BOOTSTRAP = "shoplab.kafka.bootstrap";
    /**
     * Tests only: {@code true} runs without Kafka, the sales stay in the outbox ({@code salesPending} in the
     * metrics). Never set by the lab: a run needs its sales counted.
     */
    public static final String SALES_OUTBOX_ONLY = "shoplab.trade.sales.outbox-only";

    public static final String DEFAULT_MERCHANT_ID = "shoplab";
    public static final String DEFAULT_APP_ID = "shoplab-app";
    public static final String DEFAULT_SIGN_KEY = "shoplab-lab-signing-key";
    public static final String DEFAULT_MERCHANT_KEY = "shoplab-merchant-key";

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager tm) {
        return new TransactionTemplate(tm);
    }


    @Bean
    PaymentGuard guard(@Value("${" + GUARD + ":optimistic}") String guard,
                       @Value("${" + RaceWindow.PROPERTY + ":0}") long raceWindowMs) {
        return PaymentGuard.named(guard, new RaceWindow(raceWindowMs));
    }

    @Bean
    TradeDb tradeDb(DataSource ds, JdbcTemplate jdbc, PaymentGuard guard) {
        Migrations.migrate(ds, "db/trade");
        // The note's naive guard has no unique key on the accepted notices (the migration makes none); the
        // safe guards add one. (IF NOT EXISTS: a restarted service finds it; both engines speak this form.)
        if (guard.uniqueTradeKey()) {
            jdbc.execute("CREATE UNIQUE INDEX IF NOT EXISTS accepted_notice_trade ON accepted_notice (channel, trade_no)");
        }
        return new TradeDb(jdbc);
    }

    @Bean(destroyMethod = "close")
    Downstream productService(@Value("${" + PRODUCT_URL + "}") String url, ObjectMapper json) {
        return new Downstream("product", url, json);
    }

    @Bean(destroyMethod = "close")
    Downstream inventoryService(@Value("${" + INVENTORY_URL + "}") String url, ObjectMapper json) {
        return new Downstream("inventory", url, json);
    }

    @Bean(destroyMethod = "close")
    Downstream couponService(@Value("${" + COUPON_URL + "}") String url, ObjectMapper json) {
        return new Downstream("coupon", url, json);
    }

    @Bean(destroyMethod = "close")
    Downstream paymentProvider(@Value("${" + PAYMENT_URL + "}") String url, ObjectMapper json) {
        return new Downstream("payment", url, json);
    }

    @Bean
    MerchantAccount merchantAccount(@Value("${" + MERCHANT_ID + ":" + DEFAULT_MERCHANT_ID + "}") String merchantId,
                                    @Value("${" + APP_ID + ":" + DEFAULT_APP_ID + "}") String appId,
                                    @Value("${" + MERCHANT_KEY + ":" + DEFAULT_MERCHANT_KEY + "}") String key) {
        return new MerchantAccount(merchantId, appId, new Signer(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Bean
    Effects effects(TradeDb db, Downstream inventoryService, Downstream couponService, Downstream paymentProvider,
                    MerchantAccount merchant, PaymentGuard guard) {
        return new Effects(db, inventoryService, couponService, paymentProvider, merchant, guard);
    }

    @Bean(destroyMethod = "close")
    SalesOutbox salesOutbox(JdbcTemplate jdbc, TradeDb db, ObjectMapper json,
                            @Value("${" + KAFKA_BOOTSTRAP + ":}") String kafka,
                            @Value("${" + SALES_OUTBOX_ONLY + ":false}") boolean outboxOnly, SiteLease lease) {
        if (outboxOnly) {
            return new SalesOutbox(jdbc, json, null, lease);
        }
        if (kafka.isBlank()) {
            throw new IllegalStateException("the trade service needs " + KAFKA_BOOTSTRAP + ": sales go to Kafka ("
                    + shoplab.services.product.SaleMessage.TOPIC + ")");
        }
        Producer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                new StringSerializer(), new StringSerializer());
        return new SalesOutbox(jdbc, json, producer, lease);
    }

    @Bean
    Checkout checkout(TradeDb db, TransactionTemplate tx, Downstream productService, Downstream inventoryService,
                      Downstream couponService, Effects effects,
                      @Value("${" + ORDER_TIMEOUT_MS + ":1800000}") long timeoutMs,
                      @Value("${" + ORDER_ID_PREFIX + ":ord}") String prefix) {
        if (timeoutMs < 1) {
            throw new IllegalArgumentException(ORDER_TIMEOUT_MS + " must be at least 1, was " + timeoutMs);
        }
        if (!prefix.matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException(ORDER_ID_PREFIX + " must be 1-16 lower-case letters or digits, was " + prefix);
        }
        return new Checkout(db, tx, productService, inventoryService, couponService, effects, timeoutMs, prefix);
    }

    @Bean
    Payments payments(TradeDb db, TransactionTemplate tx, PaymentGuard guard, Downstream paymentProvider,
                      MerchantAccount merchant, @Value("${" + NOTIFY_URL + "}") String notifyUrl) {
        return new Payments(db, tx, guard, paymentProvider, merchant, notifyUrl);
    }

    @Bean
    Notices notices(TradeDb db, TransactionTemplate tx, PaymentGuard guard, Effects effects, SalesOutbox outbox, ObjectMapper json,
                    MerchantAccount merchant, @Value("${" + SIGN_KEY + ":" + DEFAULT_SIGN_KEY + "}") String key) {
        return new Notices(db, tx, guard, new Signer(key.getBytes(StandardCharsets.UTF_8)), merchant.merchantId(),
                merchant.appId(), effects, outbox, json);
    }

    @Bean(destroyMethod = "close")
    TimeoutJob timeoutJob(TradeDb db, TransactionTemplate tx, Effects effects,
                          @Value("${" + TIMEOUT_PERIOD_MS + ":100}") long periodMs,
                          @Value("${" + EFFECT_RETRY_MS + ":1000}") long retryMs, SiteLease lease) {
        if (periodMs < 1) {
            throw new IllegalArgumentException(TIMEOUT_PERIOD_MS + " must be at least 1, was " + periodMs);
        }
        return new TimeoutJob(db, tx, effects, periodMs, retryMs, lease);
    }

    @Bean
    TradeViews tradeViews(JdbcTemplate jdbc, PaymentGuard guard, Effects effects, SalesOutbox outbox) {
        return new TradeViews(jdbc, guard, effects, outbox);
    }
}
