package shoplab.services.common;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the statements a service sends its database (each execute, a batch as one): how many database
 * queries a buy costs is a figure of the sale, and the database's own counters mix every service's. The lab's
 * own reads ({@code GET /internal/...}: metrics, records) are not counted, the work of the requests, workers
 * and sweeps is.
 */
@Component
public class DbStatements extends OncePerRequestFilter implements BeanPostProcessor {

    private static final ThreadLocal<Boolean> LAB_READ = new ThreadLocal<>();

    private final LongAdder executed = new LongAdder();

    /** Statements executed since the service started (the lab's reads left out). */
    public long executed() {
        return executed.sum();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof DataSource ds && !(Proxy.isProxyClass(bean.getClass()))) {
            return proxy(DataSource.class, ds, (target, method, args) -> {
                Object r = method.invoke(target, args);
                return r instanceof Connection c ? proxy(Connection.class, c, this::onConnection) : r;
            });
        }
        return bean;
    }

    private Object onConnection(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        Object r = method.invoke(target, args);
        String name = method.getName();
        if (r instanceof Statement && (name.startsWith("prepare") || name.equals("createStatement"))) {
            Class<?> type = r instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                    : r instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
            return proxy(type, r, (t, m, a) -> {
                if (m.getName().startsWith("execute") && LAB_READ.get() == null) {
                    executed.increment();
                }
                return m.invoke(t, a);
            });
        }
        return r;
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    private static Object proxy(Class<?> type, Object target, Handler h) {
        InvocationHandler ih = (p, m, a) -> {
            try {
                return h.handle(target, m, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, ih);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean labRead = "GET".equals(request.getMethod()) && request.getRequestURI().startsWith("/internal/");
        if (labRead) {
            LAB_READ.set(Boolean.TRUE);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (labRead) {
                LAB_READ.remove();
            }
        }
    }
}
