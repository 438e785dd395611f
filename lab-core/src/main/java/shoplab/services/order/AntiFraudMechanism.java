package shoplab.services.order;

import shoplab.topology.ComponentKind;
import shoplab.topology.Mechanism;

import java.util.List;

/**
 * How the order service tells bots from buyers in a sale ({@code strategies: {anti-fraud: token}}; the flash
 * sale compares them as {@code <stock strategy>-with-<defence>}): {@code none}; {@code limits}, buy attempts
 * per user, per device and per address (Sentinel hot-parameter rules); {@code token}, no buy without the sale
 * token the page hands out once the sale opens; {@code blacklist}, a device or address that many accounts buy
 * from is refused for the rest of the sale; {@code all} of them. None is unsafe: no checker's property depends
 * on it; what differs is who gets the units ({@link AntiFraud}).
 */
public final class AntiFraudMechanism implements Mechanism {

    public static final String NAME = "anti-fraud";
    public static final String NONE = "none";
    public static final String LIMITS = "limits";
    public static final String TOKEN = "token";
    public static final String BLACKLIST = "blacklist";
    public static final String ALL = "all";

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
        return List.of(Strategy.safe(NONE), Strategy.safe(LIMITS), Strategy.safe(TOKEN), Strategy.safe(BLACKLIST),
                Strategy.safe(ALL));
    }

    @Override
    public String defaultStrategy() {
        return NONE;
    }
}
