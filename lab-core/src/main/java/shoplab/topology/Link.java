package shoplab.topology;

/**
 * A network link between two components, with its one-way latency. The stack realises the latency with
 * a TCP proxy on the link, which is also where link faults (slow, cut) act.
 *
 * @param from      the calling component
 * @param to        the called component
 * @param latencyMs one-way latency in milliseconds (fractions allowed)
 */
public record Link(String from, String to, Double latencyMs) {

    public String name() {
        return from + "->" + to;
    }
}
