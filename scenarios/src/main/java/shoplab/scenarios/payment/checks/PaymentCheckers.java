package shoplab.scenarios.payment.checks;

import java.util.List;

/** The checkers every trade-and-payment run is judged by, in report order. */
public final class PaymentCheckers {

    private PaymentCheckers() {
    }

    public static List<PaymentChecker> all() {
        return List.of(new ChargedAtMostOnce(), new ShippedAtMostOnce(), new SalesCountedOnce(),
                new PaidAfterCloseRefunded(), new ChargesReconciled(), new RestoredOnFailureAndTimeout(), new NoForgedAccepted(),
                new NoIllegalTransition());
    }
}
