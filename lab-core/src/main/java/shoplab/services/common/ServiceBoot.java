package shoplab.services.common;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import shoplab.history.Op;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts one service as its own Spring Boot context (its own Tomcat, port and beans) inside the lab's
 * JVM. Every context gets explicit properties, so none of them reads another's configuration.
 */
public final class ServiceBoot {

    static {
        // The lab's logback.xml governs logging; Boot must not reconfigure it once per context.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // Tomcat logs through java.util.logging: route it to the same logback configuration.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    /** The instance's name ({@code dc-a/order-1}) and its data center: every answer says who served it. */
    public static final String INSTANCE = "shoplab.instance";
    public static final String DATA_CENTER = "shoplab.data-center";

    /** Response headers naming the instance and data center that served a request (where each operation happened). */
    public static final String SERVED_BY_HEADER = "X-Served-By";
    public static final String DATA_CENTER_HEADER = "X-Data-Center";

    private ServiceBoot() {
    }

    public static ConfigurableApplicationContext start(Class<?> application, int port, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        Object rules = all.remove(Guard.RULES);
        all.put("server.port", port);
        all.put("server.address", "127.0.0.1");
        all.put("server.tomcat.threads.max", 64);
        all.put("server.tomcat.accept-count", 2000);
        all.put("server.tomcat.max-connections", 4096);
        all.put("server.shutdown", "immediate");
        all.put("spring.main.lazy-initialization", false);
        all.put("spring.jmx.enabled", false);
        all.put("spring.threads.virtual.enabled", false);
        SpringApplication app = new SpringApplication(application);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setRegisterShutdownHook(false);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        app.setDefaultProperties(all);
        Object instance = properties.get(INSTANCE);
        Object dc = properties.get(DATA_CENTER);
        Object leaseUrl = properties.get(SiteLease.URL);
        app.addInitializers(ctx -> {
            var context = (org.springframework.context.support.GenericApplicationContext) ctx;
            context.registerBean(SiteLease.class, () -> new SiteLease(leaseUrl == null ? null : leaseUrl.toString(),
                    dc == null ? "" : dc.toString()), bd -> bd.setDestroyMethodName("close"));
            context.registerBean("fence", jakarta.servlet.Filter.class, () -> new Fence(context.getBean(SiteLease.class)));
            context.registerBean(Guard.class, () -> Guard.of(String.valueOf(instance), (shoplab.topology.Protection) rules),
                    bd -> bd.setDestroyMethodName("close"));
        });
        if (instance != null && dc != null) {
            app.addInitializers(ctx -> ((org.springframework.context.support.GenericApplicationContext) ctx).registerBean(
                    "servedBy", jakarta.servlet.Filter.class, () -> (request, response, chain) -> {
                        var http = (jakarta.servlet.http.HttpServletResponse) response;
                        http.setHeader(SERVED_BY_HEADER, instance.toString());
                        http.setHeader(DATA_CENTER_HEADER, dc.toString());
                        // Served in full unless the handler says it degraded or shed the request (Guard).
                        http.setHeader(Guard.CLASS_HEADER, Op.FULL);
                        chain.doFilter(request, response);
                    }));
        }
        return app.run("--spring.config.location=optional:classpath:/shoplab-none/");
    }
}
