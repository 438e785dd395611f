package shoplab.topology;

import java.util.List;
import java.util.Map;

/**
 * One component in a data center.
 *
 * @param name      unique in its data center; where another data center has one of the same name, the
 *                  lab calls it {@code dc/name}
 * @param kind      what it is
 * @param instances how many instances run: reverse proxies and services run this many behind their
 *                  balancer (round robin); stores usually 1
 * @param routes    reverse proxies only: path prefix to the component that serves it
 * @param origin    CDN only: the static site it fetches static assets from on a miss
 * @param upstream  CDN only: where dynamic calls go (usually the LVS); LVS only: the proxy it balances
 * @param calls     services only: components to call instead of the ones of the same kind in this data
 *                  center (e.g. {@code [dc-a/db]}: this service's database lives in another data center)
 * @param engine    databases only: {@code h2} (the default: H2 in MySQL mode, quick to boot) or {@code mariadb}
 *                  (a real MariaDB server, which can replicate)
 * @param cache     reverse proxies only: path prefix (under one of its routes) to how long, ms, it keeps a GET's
 *                  200 answer (nginx's {@code proxy_cache} with {@code proxy_cache_valid})
 */
public record Component(String name, ComponentKind kind, Integer instances, Map<String, String> routes,
                        String origin, String upstream, List<String> calls, String engine, Map<String, Long> cache) {

    /** The database engines a {@code database} component may run. */
    public static final List<String> ENGINES = List.of("h2", "mariadb");

    public Component {
        instances = instances == null ? 1 : instances;
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        calls = calls == null ? List.of() : List.copyOf(calls);
        cache = cache == null ? Map.of() : Map.copyOf(cache);
        engine = engine == null && kind == ComponentKind.DATABASE ? "h2" : engine;
    }

    public boolean isMariaDb() {
        return "mariadb".equals(engine);
    }
}
