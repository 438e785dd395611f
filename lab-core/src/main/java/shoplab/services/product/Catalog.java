package shoplab.services.product;

import shoplab.domain.trade.Money;
import shoplab.services.common.Amounts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Unit prices by SKU; immutable once the context started. */
public final class Catalog {

    private final Map<String, Money> prices;
    private final List<String> order;

    private Catalog(Map<String, Money> prices) {
        this.prices = Map.copyOf(prices);
        this.order = List.copyOf(prices.keySet()); // LinkedHashMap: the spec's order
    }

    /**
     * Prices from {@code sku-1:1999,sku-2:4999} (cents). A malformed spec stops the context from starting:
     * a stack with a half-read price list would quote wrong totals silently.
     */
    public static Catalog parse(String spec) {
        Map<String, Money> prices = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2 || !kv[0].matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("price spec '" + part + "' is not sku:cents");
            }
            long cents;
            try {
                cents = Long.parseLong(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("price of " + kv[0] + " is not a number of cents: " + kv[1], e);
            }
            if (cents <= 0 || cents > Amounts.MAX_CENTS) {
                throw new IllegalArgumentException("price of " + kv[0] + " must be 1.." + Amounts.MAX_CENTS + " cents");
            }
            if (prices.put(kv[0], Money.of(cents)) != null) {
                throw new IllegalArgumentException("SKU " + kv[0] + " is priced twice");
            }
        }
        return new Catalog(prices);
    }

    /** The SKUs on sale, in the order they were priced. */
    public List<String> skus() {
        return List.copyOf(order);
    }

    public Optional<Money> price(String sku) {
        return Optional.ofNullable(prices.get(sku));
    }
}
