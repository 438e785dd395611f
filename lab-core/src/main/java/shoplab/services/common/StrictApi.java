package shoplab.services.common;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every trade-side API refuses before a controller sees it: bodies over 64 KiB ({@link BodyLimit})
 * and amounts that are not whole numbers ({@link StrictJson}). Imported by the services that take money.
 */
@Configuration(proxyBeanMethods = false)
public class StrictApi {

    @Bean
    BodyLimit bodyLimit() {
        return new BodyLimit();
    }

    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return StrictJson.customizer();
    }
}
