package shoplab.scenarios.productcache.checks;

import shoplab.history.Op;
import shoplab.history.Outcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every product read judged against the database's true timeline. The lab knows it from the merchants' own
 * answers: a change answered 200 names the version it committed and its price, and its answer came after the
 * commit and after the strategy's cache step, so from that instant on the version before it is stale. A read
 * that saw version {@code v} after some newer version was answered is stale by how long ago the first such
 * answer came; a read of a version the database never had, or of a price the database never had at that
 * version (as a change's answer or the final state says it), is a phantom.
 */
public final class Freshness {

    /** The history's operations. */
    public static final String READ = "product-read";
    public static final String CHANGE = "price-change";
    /** A checkout: what it charged, for which version ({@link #VERSION}, {@link #PRICE}). */
    public static final String CHECKOUT = "checkout";
    /** What a read or a change's answer said ({@link Op#seen()}). */
    public static final String VERSION = "version";
    public static final String PRICE = "priceCents";
    public static final String FROM = "from";

    /** One read, judged. {@code phantom} says why its value never was, or is null. */
    public record Judged(Op read, String sku, long version, long priceCents, String from, long staleMs, String phantom) {
        public boolean stale() {
            return staleMs > 0;
        }
    }

    private final Map<String, TreeMap<Long, Long>> answeredAt = new HashMap<>();
    private final Map<String, Map<Long, Long>> priceOf = new HashMap<>();
    private final Map<String, Long> finalVersion = new HashMap<>();
    private final List<Judged> reads = new ArrayList<>();
    private final List<Judged> checkouts = new ArrayList<>();

    /** @param state the final state (its versions bound what the database ever had); null: not bounded */
    public Freshness(List<Op> ops, CatalogState state) {
        if (state != null) {
            state.db().forEach(r -> {
                finalVersion.put(r.sku(), r.version());
                priceOf.computeIfAbsent(r.sku(), k -> new HashMap<>()).put(r.version(), r.priceCents());
            });
        }
        for (Op o : ops) {
            if (o.f().equals(CHANGE) && o.outcome() == Outcome.OK && o.seen().containsKey(VERSION)) {
                long v = Long.parseLong(o.seen().get(VERSION));
                answeredAt.computeIfAbsent(o.sku(), k -> new TreeMap<>()).merge(v, o.endMs(), Math::min);
                priceOf.computeIfAbsent(o.sku(), k -> new HashMap<>()).put(v, Long.parseLong(o.seen().get(PRICE)));
            }
        }
        for (Op o : ops) {
            if (o.outcome() == Outcome.OK && o.seen().containsKey(VERSION)) {
                if (o.f().equals(READ)) {
                    reads.add(judge(o));
                } else if (o.f().equals(CHECKOUT)) {
                    checkouts.add(judge(o));
                }
            }
        }
    }

    private Judged judge(Op o) {
        long v = Long.parseLong(o.seen().get(VERSION));
        long price = Long.parseLong(o.seen().get(PRICE));
        long firstNewer = Long.MAX_VALUE;
        for (long at : answeredAt.getOrDefault(o.sku(), new TreeMap<>()).tailMap(v, false).values()) {
            firstNewer = Math.min(firstNewer, at);
        }
        long stale = firstNewer < o.startMs() ? o.startMs() - firstNewer : 0;
        String phantom = null;
        Long last = finalVersion.get(o.sku());
        Long truePrice = priceOf.getOrDefault(o.sku(), Map.of()).get(v);
        if (last != null && v > last) {
            phantom = "version " + v + " the database never had (it ended at " + last + ")";
        } else if (truePrice != null && truePrice != price) {
            phantom = "price " + money(price) + " at version " + v + ", which the database committed at " + money(truePrice);
        }
        return new Judged(o, o.sku(), v, price, o.seen().getOrDefault(FROM, "?"), stale, phantom);
    }

    public List<Judged> reads() {
        return reads;
    }

    /** The checkouts that charged, judged the same way: the version they charged and its price. */
    public List<Judged> checkouts() {
        return checkouts;
    }

    static String money(long cents) {
        return String.format(java.util.Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    static String at(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
