package shoplab.scenarios.payment.checks;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A final-state snapshot of a trade run, taken after the stack was quiesced: the orders, the
 * provider's ledger, the notices the trade service accepted and the sales it counted. Immutable.
 *
 * @param orders          every order, one record per order id
 * @param charges         the provider's ledger
 * @param acceptedNotices payment notices the trade service accepted
 * @param salesCounted    units sold per SKU as the product service counted them
 * @param payments        the payment orders the shop made (the outTradeNos it asked the provider to charge)
 * @param timeouts        how precisely the order-timeout job closed unpaid orders, or null when not measured
 */
public record TradeState(List<OrderRecord> orders, List<Charge> charges, List<AcceptedNotice> acceptedNotices,
                         Map<String, Long> salesCounted, Set<String> payments, TimeoutPrecision timeouts) {

    /**
     * How late the order-timeout job closed orders after their deadline (real milliseconds).
     *
     * @param closes how many orders it closed
     * @param p50Ms  median lateness
     * @param p99Ms  99th percentile
     * @param maxMs  the latest close
     */
    public record TimeoutPrecision(long closes, long p50Ms, long p99Ms, long maxMs) {
    }

    /**
     * A snapshot without the timeout job's precision, where the shop made every payment that was charged
     * (hand-written histories in tests).
     */
    public TradeState(List<OrderRecord> orders, List<Charge> charges, List<AcceptedNotice> acceptedNotices,
                      Map<String, Long> salesCounted) {
        this(orders, charges, acceptedNotices, salesCounted,
                charges.stream().map(Charge::paymentId).collect(java.util.stream.Collectors.toSet()), null);
    }

    public TradeState {
        orders = List.copyOf(orders);
        charges = List.copyOf(charges);
        acceptedNotices = List.copyOf(acceptedNotices);
        salesCounted = Collections.unmodifiableMap(new LinkedHashMap<>(salesCounted)); // keeps report order
        payments = Set.copyOf(payments);
        Set<String> ids = new HashSet<>();
        for (OrderRecord o : orders) {
            if (!ids.add(o.orderId())) {
                throw new IllegalArgumentException("order " + o.orderId() + " appears twice in the snapshot");
            }
        }
    }

    /** The orders by id, in snapshot order. */
    public Map<String, OrderRecord> ordersById() {
        Map<String, OrderRecord> byId = new LinkedHashMap<>();
        orders.forEach(o -> byId.put(o.orderId(), o));
        return byId;
    }
}
