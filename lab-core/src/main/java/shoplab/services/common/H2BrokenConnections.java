package shoplab.services.common;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells the connection pool that an H2 connection whose session a cut link or a crashed server closed is
 * dead. MySQL's driver says so with SQLState class 08, which Hikari evicts on; H2 says it with its own codes,
 * so without this the pool keeps handing out dead connections and a service never recovers after a heal.
 */
public final class H2BrokenConnections implements SQLExceptionOverride {

    /** Connection is broken (90067), database is already closed (90121), connection closed (90007). */
    private static final Set<Integer> BROKEN = Set.of(90067, 90121, 90007);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && BROKEN.contains(s.getErrorCode())) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
