package shoplab.topology;

/**
 * Where the public API ends. Every service answers the public API under {@code /api} and the calls made
 * inside its data center (service to service, the lab's probes, the provider's books) under
 * {@code /internal}; the entry's reverse proxies route only the prefixes the topology lists, and no
 * route may reach {@code /internal}. So what the entry exposes is exactly the topology's routes, and a
 * new internal endpoint is private by where it lives, not by someone remembering to hide it.
 */
public final class InternalPaths {

    /** The prefix of every call that stays inside a data center. */
    public static final String PREFIX = "/internal";

    private InternalPaths() {
    }

    /**
     * Whether a route with this prefix would reach internal paths (routes match whole path segments:
     * {@code /intern} does not match {@code /internal/x}, {@code /} matches everything).
     */
    public static boolean exposedBy(String routePrefix) {
        return routePrefix.equals("/") || routePrefix.equals(PREFIX) || routePrefix.startsWith(PREFIX + "/");
    }
}
