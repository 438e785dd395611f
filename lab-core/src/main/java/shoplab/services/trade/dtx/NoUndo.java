package shoplab.services.trade.dtx;

/**
 * The unsafe way: call each service in turn, once, and undo nothing. A failure after the stock was reserved
 * leaves it reserved; a settle that fails is not retried; a coordinator killed mid-way leaves every change it
 * made where it was. What the all-or-nothing checker exists to catch.
 */
final class NoUndo implements PurchaseStrategy {

    private final Purchases purchases;
    private final Participants participants;
    private final Midpoint midpoint;

    NoUndo(Purchases purchases, Participants participants, Midpoint midpoint) {
        this.purchases = purchases;
        this.participants = participants;
        this.midpoint = midpoint;
    }

    @Override
    public Outcome run(Purchase p) {
        purchases.begin(purchases.jdbc(), p, null, Long.MAX_VALUE / 4);
        try {
            for (String participant : Participants.of(p)) {
                participants.reserve("plain", participant, p);
            }
            midpoint.pass();
            for (String participant : Participants.of(p)) {
                participants.settle("plain", participant, p.id(), p.payOk());
            }
        } catch (Participants.Failed e) {
            purchases.decide(purchases.jdbc(), p.id(), Purchases.FAILED); // what was reserved stays reserved
            return Outcome.failed(e.getMessage());
        }
        purchases.decide(purchases.jdbc(), p.id(), p.payOk() ? Purchases.PAID : Purchases.FAILED);
        return p.payOk() ? Outcome.paid() : Outcome.failed("the payment failed");
    }
}
