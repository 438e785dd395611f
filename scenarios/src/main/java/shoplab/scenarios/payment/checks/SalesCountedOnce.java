package shoplab.scenarios.payment.checks;

import shoplab.checks.Verdict;
import shoplab.domain.trade.OrderStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Units sold are counted once per paid order: per SKU, the sales counted must equal the units of the
 * orders that ended PAID or SHIPPED. A duplicate success notice counted twice over-counts; a lost one
 * under-counts. The violation is the absolute difference, summed over SKUs.
 */
public final class SalesCountedOnce implements PaymentChecker {

    public static final String NAME = "sales-counted-once";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(TradeState state) {
        Map<String, Long> paidUnits = new LinkedHashMap<>();
        for (OrderRecord o : state.orders()) {
            paidUnits.putIfAbsent(o.sku(), 0L);
            if (o.status() == OrderStatus.PAID || o.status() == OrderStatus.SHIPPED) {
                paidUnits.merge(o.sku(), (long) o.units(), Long::sum);
            }
        }
        state.salesCounted().keySet().forEach(sku -> paidUnits.putIfAbsent(sku, 0L));

        long miscounted = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, Long> e : paidUnits.entrySet()) {
            String sku = e.getKey();
            long paid = e.getValue();
            long counted = state.salesCounted().getOrDefault(sku, 0L);
            if (counted != paid) {
                miscounted += Math.abs(counted - paid);
                examples.add(sku + ": " + counted + " units counted as sold, but paid or shipped orders hold "
                        + paid + " (" 
                        + (counted > paid ? "over" : "under") + "-counted by " + Math.abs(counted - paid) + ")");
            }
        }
        return new Verdict(NAME, miscounted == 0, miscounted, examples, Map.of(PaymentFigures.SALES_MISCOUNTED, (double) miscounted));
    }
}
