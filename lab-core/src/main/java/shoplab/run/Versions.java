package shoplab.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** The versions a run used, recorded in its bundle. */
final class Versions {

    private Versions() {
    }

    static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.version"));
        v.put("spring-boot", version(org.springframework.boot.SpringApplication.class));
        v.put("kafka", org.apache.kafka.common.utils.AppInfoParser.getVersion());
        v.put("h2", org.h2.engine.Constants.FULL_VERSION);
        v.put("lettuce", version(io.lettuce.core.RedisClient.class));
        v.put("redis", shoplab.stack.store.RedisNode.binary());
        v.put("shoplab", version(Versions.class));
        return v;
    }

    private static String version(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
