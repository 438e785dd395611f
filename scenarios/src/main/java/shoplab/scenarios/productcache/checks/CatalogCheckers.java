package shoplab.scenarios.productcache.checks;

import shoplab.checks.Checker;

import java.util.List;

/** The checkers every product-cache run is judged by, in report order. */
public final class CatalogCheckers {

    private CatalogCheckers() {
    }

    public static List<Checker> all() {
        return List.of(new PricesWereReal(), new StalenessWithinPromise(), new CachesHeal(), new DatabaseWithinLimit(),
                new ChargedTheCheckoutPrice());
    }
}
