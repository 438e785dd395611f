package shoplab.services.common;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import shoplab.history.Op;

import java.io.IOException;

/**
 * Refuses every write (any method but GET and HEAD) while this data center holds no write lease: 503 with
 * Retry-After, fast, before a controller or the database sees it, so that a fenced site never accepts a
 * write the promoted one does not have.
 */
final class Fence extends OncePerRequestFilter {

    /** What the traffic switch itself writes mid-switch (a reconciliation), when no site holds the lease. */
    static final String FAILOVER_PATHS = "/internal/failover/";
    /** The lab's settings of a service (a sale's opening): no data, so every site takes them, fenced or not. */
    public static final String CONFIG_PATHS = "/internal/config/";

    private final SiteLease lease;

    Fence(SiteLease lease) {
        this.lease = lease;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        if (lease.writable() || "GET".equals(method) || "HEAD".equals(method)
                || request.getRequestURI().startsWith(FAILOVER_PATHS) || request.getRequestURI().startsWith(CONFIG_PATHS)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(503);
        response.setHeader(Guard.CLASS_HEADER, Op.SHED);
        response.setHeader("Retry-After", SiteLease.RETRY_AFTER_SECONDS);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"FENCED\",\"message\":\"this data center holds no write lease (epoch "
                + lease.epoch() + "): retry, the traffic manager sends you to the one that does\"}");
    }
}
