package shoplab.scenarios.flashsale.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;
import shoplab.checks.FinalState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Units are neither created nor lost: after quiescing, every SKU's initial stock must equal DB stock
 * + sold + held, and a Redis stock copy must agree with the DB.
 */
public final class StockConservationChecker implements Checker {

    public static final String NAME = "stock-conserved";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input) {
        FinalState fs = input.finalState();
        StockSnapshot stock = StockSnapshot.of(input);
        long violations = 0;
        long missingUnits = 0;
        List<String> examples = new ArrayList<>();
        if (!fs.quiesced()) {
            violations++;
            examples.add("the stack did not quiesce in time: holds or queue still pending");
        }
        for (SkuState s : stock.skus()) {
            long accounted = s.dbStock() + s.sold() + s.held();
            long diff = s.initialStock() - accounted;
            if (diff != 0) {
                violations++;
                missingUnits += Math.abs(diff);
                examples.add(s.sku() + ": initial " + s.initialStock() + " != DB stock " + s.dbStock()
                        + " + sold " + s.sold() + " + held " + s.held() + " = " + accounted
                        + " (" + Math.abs(diff) + " units " + (diff > 0 ? "missing" : "extra") + ")");
            }
            if (s.redisStock() != null && s.redisStock() != s.dbStock()) {
                violations++;
                examples.add(s.sku() + ": Redis stock " + s.redisStock() + " != DB stock " + s.dbStock()
                        + " after the queue drained");
            }
        }
        return new Verdict(NAME, violations == 0, violations, examples,
                Map.of(StockFigures.MISSING_UNITS, (double) missingUnits));
    }
}
