package shoplab.services.common;

import shoplab.topology.ComponentKind;
import shoplab.topology.Mechanism;

import java.util.List;

/**
 * Whether the services protect themselves ({@code strategies: {protection: degrade-limit}}): {@code none}
 * takes every request and lets an overload queue into timeouts; {@code degrade-limit} applies the
 * topology's {@code protection:} rules with Sentinel ({@link Guard}): core writes over their limits are shed
 * at once, the non-core read degrades to its fallback. Neither is unsafe: no checker's property depends on
 * it; what differs is the share of answers that failed.
 */
public final class ProtectionMechanism implements Mechanism {

    public static final String NAME = "protection";
    public static final String NONE = "none";
    public static final String DEGRADE_LIMIT = "degrade-limit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentKind service() {
        return ComponentKind.ORDER_SERVICE;
    }

    @Override
    public List<Strategy> strategies() {
        return List.of(Strategy.safe(NONE), Strategy.safe(DEGRADE_LIMIT));
    }

    @Override
    public String defaultStrategy() {
        return NONE;
    }
}
