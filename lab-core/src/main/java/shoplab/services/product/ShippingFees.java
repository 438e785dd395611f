package shoplab.services.product;

import shoplab.domain.trade.Money;

import java.util.Objects;
import java.util.Set;

/**
 * The fee model: a base fee per parcel plus a fee per unit, waived when the goods reach the free-shipping
 * threshold ("free shipping from 99"). Remote regions pay a surcharge and never ship free, as on the
 * big marketplaces.
 *
 * @param base            per parcel
 * @param perItem         per unit in the parcel
 * @param freeThreshold   goods total at or above which shipping is free
 * @param remoteRegions   lower-case region names that pay the surcharge
 * @param remoteSurcharge added for a remote region
 */
public record ShippingFees(Money base, Money perItem, Money freeThreshold, Set<String> remoteRegions,
                           Money remoteSurcharge) {

    public ShippingFees {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(perItem, "perItem");
        Objects.requireNonNull(freeThreshold, "freeThreshold");
        Objects.requireNonNull(remoteSurcharge, "remoteSurcharge");
        remoteRegions = Set.copyOf(remoteRegions);
    }

    /** What shipping a parcel costs. */
    public record Quote(Money fee, boolean free, boolean remote) {
    }

    /** The fee for {@code units} units worth {@code goods}, shipped to {@code region} (null: not remote). */
    public Quote quote(Money goods, int units, String region) {
        boolean remote = region != null && remoteRegions.contains(region.toLowerCase());
        if (!remote && goods.cents() >= freeThreshold.cents()) {
            return new Quote(Money.ZERO, true, false);
        }
        Money fee = base.plus(perItem.times(units));
        return new Quote(remote ? fee.plus(remoteSurcharge) : fee, false, remote);
    }
}
