package shoplab.scenarios.payment;

import shoplab.checks.CheckInput;
import shoplab.checks.FinalState;
import shoplab.domain.trade.OrderStatus;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.scenarios.payment.checks.AcceptedNotice;
import shoplab.scenarios.payment.checks.Charge;
import shoplab.scenarios.payment.checks.OrderRecord;
import shoplab.scenarios.payment.checks.TradeState;
import shoplab.scenarios.payment.checks.Transition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static shoplab.domain.trade.OrderStatus.*;

/**
 * A duplicate-payment run as a history, generated instead of run: each shopper checks out and pays; most
 * orders are paid and shipped once, some time out (stock and coupon back), some payments fail (cancelled,
 * given back), some succeed after the close (refunded). Every notice genuine, every move legal: every
 * checker must hold on it. The checker benchmark's input at any size.
 */
final class SyntheticTrade {

    private SyntheticTrade() {
    }

    static CheckInput generate(int operations, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int shoppers = Math.max(1, (operations + 1) / 2); // checkout + pay
        List<Op> ops = new ArrayList<>(operations + 2);
        List<OrderRecord> orders = new ArrayList<>(shoppers);
        List<Charge> charges = new ArrayList<>();
        List<AcceptedNotice> notices = new ArrayList<>();
        Set<String> payments = new HashSet<>();
        long shippedUnits = 0;
        long t = 1_000;
        for (int i = 0; i < shoppers; i++) {
            String user = "u-" + i;
            String order = "ord-" + i;
            String payment = order + "-p1";
            t += 1 + r.nextInt(3);
            ops.add(new Op(DuplicatePaymentSimulation.CHECKOUT, Outcome.OK, t, t + 20, user, DuplicatePayment.SKU, order, 201, null));
            ops.add(new Op(Op.PAY, Outcome.OK, t + 30, t + 60, user, DuplicatePayment.SKU, order, 200, null));
            payments.add(payment);
            String coupon = r.nextDouble() < 0.3 ? "c-" + i : null;
            double fate = r.nextDouble();
            long at = t + 100;
            List<Transition> moves = new ArrayList<>();
            OrderStatus end;
            if (fate < 0.75) { // paid, shipped once
                moves.add(new Transition(CREATED, PAYING, t + 30));
                moves.add(new Transition(PAYING, PAID, at));
                moves.add(new Transition(PAID, SHIPPED, at));
                charges.add(new Charge("T" + i, payment, order, 1999, at, false));
                notices.add(new AcceptedNotice("N" + i, order, false, at));
                shippedUnits++;
                end = SHIPPED;
            } else if (fate < 0.85) { // failed: cancelled, given back
                moves.add(new Transition(CREATED, PAYING, t + 30));
                moves.add(new Transition(PAYING, CANCELLED, at));
                notices.add(new AcceptedNotice("N" + i, order, false, at));
                end = CANCELLED;
            } else if (fate < 0.95) { // never paid: closed by the timeout job, given back
                moves.add(new Transition(CREATED, CLOSED, at + 1_000));
                end = CLOSED;
            } else { // paid after the close: refunded, never reopened
                moves.add(new Transition(CREATED, PAYING, t + 30));
                moves.add(new Transition(PAYING, CLOSED, at + 1_000));
                charges.add(new Charge("T" + i, payment, order, 1999, at + 1_500, true));
                notices.add(new AcceptedNotice("N" + i, order, false, at + 1_500));
                end = CLOSED;
            }
            boolean ended = end == CLOSED || end == CANCELLED;
            orders.add(new OrderRecord(order, DuplicatePayment.SKU, 1, 1999, end, moves, end == SHIPPED ? 1 : 0, coupon,
                    ended && coupon != null, ended));
        }
        TradeState state = new TradeState(orders, charges, notices, Map.of(DuplicatePayment.SKU, shippedUnits), payments,
                new TradeState.TimeoutPrecision(0, 0, 0, 0));
        return new CheckInput(ops, List.of(), List.of(), new FinalState(true, state));
    }
}
