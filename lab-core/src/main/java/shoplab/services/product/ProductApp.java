package shoplab.services.product;

import shoplab.services.common.SiteLease;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import shoplab.domain.trade.Money;
import shoplab.services.common.ApiError;
import shoplab.services.common.StrictApi;
import tools.jackson.databind.ObjectMapper;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The product service: price lookup, the shipping fee, and the units sold (from Redis, fed by the queue). Prices live in memory, seeded from a property:
 * in a run they never change, and the architecture serves them from a cache (Redis) anyway, so a DB here
 * would add a boot cost and no behaviour the lab measures. Hence no DataSource in this context.
 */
@Import(StrictApi.class)
@SpringBootApplication(scanBasePackageClasses = {ProductApp.class, ApiError.class},
        exclude = DataSourceAutoConfiguration.class)
public class ProductApp {

    /** Properties the stack sets; only the prices are required. */
    public static final String PRICES = "shoplab.product.prices";
    public static final String BASE_FEE = "shoplab.shipping.base-cents";
    public static final String PER_ITEM_FEE = "shoplab.shipping.per-item-cents";
    public static final String FREE_THRESHOLD = "shoplab.shipping.free-threshold-cents";
    public static final String REMOTE_REGIONS = "shoplab.shipping.remote-regions";
    public static final String REMOTE_SURCHARGE = "shoplab.shipping.remote-surcharge-cents";
    /**
     * Where the sales live and arrive: Redis ({@code sales:<sku>}) and the Kafka broker carrying
     * {@link SaleMessage#TOPIC}. Both or neither: without them the service quotes prices and fees only,
     * and its answers carry no sales (never a count kept in memory).
     */
    public static final String REDIS_PORT = "shoplab.redis.port";
    public static final String KAFKA_BOOTSTRAP = "shoplab.kafka.bootstrap";

    @Bean
    Catalog catalog(@Value("${" + PRICES + "}") String prices) {
        return Catalog.parse(prices);
    }

    @Bean
    ShippingFees shippingFees(@Value("${" + BASE_FEE + ":600}") long base,
                              @Value("${" + PER_ITEM_FEE + ":100}") long perItem,
                              @Value("${" + FREE_THRESHOLD + ":9900}") long freeThreshold,
                              @Value("${" + REMOTE_REGIONS + ":xinjiang,xizang}") String remote,
                              @Value("${" + REMOTE_SURCHARGE + ":1500}") long surcharge) {
        Set<String> regions = Arrays.stream(remote.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(String::toLowerCase).collect(Collectors.toUnmodifiableSet());
        return new ShippingFees(Money.of(base), Money.of(perItem), Money.of(freeThreshold), regions, Money.of(surcharge));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = {REDIS_PORT, KAFKA_BOOTSTRAP})
    SalesCounter salesCounter(@Value("${" + REDIS_PORT + "}") int redisPort, @Value("${" + KAFKA_BOOTSTRAP + "}") String kafka,
                              ObjectMapper json, SiteLease lease) {
        return new SalesCounter(redisPort, kafka, json, lease);
    }
}
