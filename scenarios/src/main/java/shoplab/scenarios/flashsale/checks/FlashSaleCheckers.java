package shoplab.scenarios.flashsale.checks;

import shoplab.checks.Checker;

import java.util.List;

/** The checkers every flash-sale run is judged by, in report order. */
public final class FlashSaleCheckers {

    private FlashSaleCheckers() {
    }

    public static List<Checker> all() {
        return List.of(new NoOversellChecker(), new PerUserLimitChecker(), new StockConservationChecker(),
                new ConvergenceChecker(), new OrdersStoredOnceChecker(), new BufferAgreesChecker());
    }
}
