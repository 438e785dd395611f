package shoplab.stack;

import org.springframework.context.ConfigurableApplicationContext;
import shoplab.services.common.ServiceBoot;

import java.util.Map;
import java.util.function.Supplier;

/** One instance of a Spring Boot service, in its own context, on its own loopback port. */
public final class ServiceNode implements Lifecycle {

    private final String name;
    private final Class<?> application;
    private final Supplier<Map<String, Object>> properties;
    private int port = -1;
    private ConfigurableApplicationContext context;

    /** @param properties read at every (re)start, so a restart sees the stack's current addresses */
    public ServiceNode(String name, Class<?> application, Supplier<Map<String, Object>> properties) {
        this(name, application, -1, properties);
    }

    /** On a port fixed in advance, so that links to the service can exist before it does. */
    public ServiceNode(String name, Class<?> application, int port, Supplier<Map<String, Object>> properties) {
        this.name = name;
        this.application = application;
        this.port = port;
        this.properties = properties;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        if (context != null) {
            return;
        }
        if (port < 0) {
            port = Ports.freePort();
        }
        context = ServiceBoot.start(application, port, properties.get());
    }

    @Override
    public synchronized void stop() {
        if (context != null) {
            try {
                context.close();
            } finally {
                context = null;
            }
        }
    }

    @Override
    public synchronized boolean isUp() {
        return context != null && context.isActive();
    }

    @Override
    public int port() {
        return port;
    }


    public String url() {
        return "http://127.0.0.1:" + port;
    }
}
