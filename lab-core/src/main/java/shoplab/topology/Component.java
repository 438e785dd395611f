package shoplab.topology;

import java.util.Map;

/**
 * One component in a data center.
 *
 * @param name      unique in the topology; links and routes refer to it
 * @param kind      what it is
 * @param instances how many instances run (reverse proxies: 2+; everything else usually 1)
 * @param routes    reverse proxies only: path prefix to the component that serves it
 * @param origin    CDN only: the static site it fetches static assets from on a miss
 * @param upstream  CDN only: where dynamic calls go (usually the LVS); LVS only: the proxy it balances
 */
public record Component(String name, ComponentKind kind, Integer instances, Map<String, String> routes,
                        String origin, String upstream) {

    public Component {
        instances = instances == null ? 1 : instances;
        routes = routes == null ? Map.of() : Map.copyOf(routes);
    }
}
