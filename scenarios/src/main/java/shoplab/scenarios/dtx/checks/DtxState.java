package shoplab.scenarios.dtx.checks;

import java.util.List;

/**
 * The stores once the stack is quiet (the probe fills it; Jackson maps it to and from JSON): the trade's
 * purchase rows, the two participants (stock and coupon) and what is still undecided. A list or participant
 * missing from the JSON reads as empty; a missing {@code pending} stays null (nothing to judge, which
 * in-doubt-resolved reports). Immutable.
 *
 * @param purchases the trade's rows, one per purchase
 * @param stock     the inventory participant: items are SKUs, one unit held per purchase
 * @param coupon    the coupon participant: items are coupon codes, one unit per code
 * @param pending   what is still undecided at the end
 */
public record DtxState(List<Purchase> purchases, Participant stock, Participant coupon, Pending pending) {

    public DtxState {
        purchases = purchases == null ? List.of() : List.copyOf(purchases);
        stock = stock == null ? Participant.empty("stock") : stock;
        coupon = coupon == null ? Participant.empty("coupon") : coupon;
    }

    /** Both participants, stock first. */
    public List<Participant> participants() {
        return List.of(stock, coupon);
    }
}
