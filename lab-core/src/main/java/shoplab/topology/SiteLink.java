package shoplab.topology;

import java.util.List;

/**
 * The network between two data centers: every connection that crosses between them (a service calling
 * the other site, replication) runs through a latency proxy with this one-way latency, and a partition of
 * the two cuts them all.
 *
 * @param between   the two data centers' names
 * @param latencyMs one-way latency in milliseconds
 */
public record SiteLink(List<String> between, Double latencyMs) {

    public SiteLink {
        between = between == null ? List.of() : List.copyOf(between);
    }

    public boolean joins(String a, String b) {
        return between.size() == 2 && (between.get(0).equals(a) && between.get(1).equals(b)
                || between.get(0).equals(b) && between.get(1).equals(a));
    }
}
