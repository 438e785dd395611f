package shoplab.scenarios.dtx.checks;

import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One purchase is all or nothing across the three databases. For every purchase id seen anywhere (the trade's
 * rows, either participant's holds): a PAID purchase has its stock unit TAKEN, and its coupon TAKEN when it used
 * one (and no coupon held when it used none); any other purchase (FAILED, PENDING, or no trade row at all)
 * holds no unit in either participant (RETURNED, VOID or no hold are fine). A hold for a purchase the trade
 * never recorded is a unit gone with no order. Each inconsistent purchase counts once, its example naming
 * everything that disagrees; examples ordered by when the purchase was created.
 */
public final class AllOrNothing implements DtxChecker {

    public static final String NAME = "all-or-nothing";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String judges() {
        return "the purchases and their holds";
    }

    @Override
    public Verdict check(DtxState state) {
        Map<String, List<Purchase>> trade = new LinkedHashMap<>();
        state.purchases().forEach(p -> trade.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p));
        Map<String, List<Hold>> stock = byPurchase(state.stock());
        Map<String, List<Hold>> coupon = byPurchase(state.coupon());
        Map<String, Long> firstEffect = new LinkedHashMap<>();
        for (Participant p : state.participants()) {
            p.effects().forEach(e -> firstEffect.merge(e.purchaseId(), e.atMs(), Math::min));
        }
        Set<String> ids = new LinkedHashSet<>(trade.keySet());
        ids.addAll(stock.keySet());
        ids.addAll(coupon.keySet());

        long inconsistent = 0;
        List<Texts.Example> examples = new ArrayList<>();
        for (String id : ids) {
            List<Hold> stockHolds = stock.getOrDefault(id, List.of());
            List<Hold> couponHolds = coupon.getOrDefault(id, List.of());
            List<Purchase> rows = trade.get(id);
            String text = null;
            long at;
            if (rows == null) {
                at = firstEffect.getOrDefault(id, Long.MAX_VALUE); // ordered by when it first touched a participant
                List<String> held = held(Side.STOCK, stockHolds);
                held.addAll(held(Side.COUPON, couponHolds));
                if (!held.isEmpty()) {
                    text = "purchase " + id + " has no trade row but " + String.join(" and ", held)
                            + " (gone with no order)";
                }
            } else if (rows.size() > 1) {
                at = rows.get(0).createdAtMs();
                text = "purchase " + id + " has " + rows.size() + " trade rows ("
                        + rows.stream().map(Purchase::status).collect(Collectors.joining(", ")) + ")";
            } else {
                Purchase p = rows.get(0);
                at = p.createdAtMs();
                List<String> wrong = new ArrayList<>();
                if (p.paid()) {
                    paidSide(Side.STOCK, p.sku(), stockHolds, wrong);
                    if (p.coupon() != null) {
                        paidSide(Side.COUPON, p.coupon(), couponHolds, wrong);
                    } else {
                        List<String> held = held(Side.COUPON, couponHolds);
                        if (!held.isEmpty()) {
                            wrong.add("it used no coupon, yet " + String.join(" and ", held));
                        }
                    }
                } else {
                    wrong.addAll(held(Side.STOCK, stockHolds));
                    wrong.addAll(held(Side.COUPON, couponHolds));
                }
                if (!wrong.isEmpty()) {
                    text = "purchase " + id + " is " + p.status() + " but " + String.join(" and ", wrong);
                }
            }
            if (text != null) {
                inconsistent++;
                examples.add(new Texts.Example(at, text));
            }
        }
        examples.sort(Comparator.comparingLong(Texts.Example::atMs));
        long paid = state.purchases().stream().filter(Purchase::paid).count();
        long failed = state.purchases().stream().filter(p -> Purchase.FAILED.equals(p.status())).count();
        return new Verdict(NAME, inconsistent == 0, inconsistent, examples.stream().map(Texts.Example::text).toList(),
                Map.of(DtxFigures.PURCHASES, (double) state.purchases().size(), DtxFigures.PAID, (double) paid,
                        DtxFigures.FAILED, (double) failed, DtxFigures.INCONSISTENT, (double) inconsistent));
    }

    /** How the examples name a participant's unit. */
    private enum Side {
        STOCK("its unit of ", "a unit of ", "units"), COUPON("its coupon ", "coupon ", "coupons");

        final String its;
        final String a;
        final String plural;

        Side(String its, String a, String plural) {
            this.its = its;
            this.a = a;
            this.plural = plural;
        }

        /** "its unit of sku-1", "its coupon c-4". */
        String unit(String key) {
            return its + (key == null ? "(no key)" : key);
        }

        /** "a unit of sku-2", "coupon c-5". */
        String other(String key) {
            return a + key;
        }
    }

    /** What is wrong with a PAID purchase's side: anything but exactly one TAKEN hold on the expected key. */
    private static void paidSide(Side side, String key, List<Hold> holds, List<String> wrong) {
        List<Hold> holding = holds.stream().filter(Hold::holdsUnit).toList();
        if (holding.size() > 1) {
            wrong.add(holding.size() + " " + side.plural + " are held for it ("
                    + holding.stream().map(h -> h.key() + " " + h.state()).collect(Collectors.joining(", ")) + ")");
        } else if (holding.size() == 1) {
            Hold h = holding.get(0);
            if (key != null && h.key() != null && !key.equals(h.key())) {
                wrong.add(side.other(h.key()) + " is " + h.state() + " for it instead of " + key);
            } else if (Hold.HELD.equals(h.state())) {
                wrong.add(side.unit(key) + " is still HELD (never confirmed)");
            }
        } else if (holds.isEmpty()) {
            wrong.add(side.unit(key) + " was never reserved");
        } else {
            Hold last = holds.stream().filter(h -> key == null || key.equals(h.key())).reduce((a, b) -> b)
                    .orElse(holds.get(holds.size() - 1));
            wrong.add(side.unit(key) + " was " + last.state());
        }
    }

    /** The units a side still holds for a purchase that should hold none, as "its unit of sku-1 is still HELD". */
    private static List<String> held(Side side, List<Hold> holds) {
        List<String> held = new ArrayList<>();
        for (Hold h : holds) {
            if (h.holdsUnit()) {
                held.add(side.unit(h.key()) + " is " + (Hold.HELD.equals(h.state()) ? "still HELD" : h.state()));
            }
        }
        return held;
    }

    private static Map<String, List<Hold>> byPurchase(Participant p) {
        Map<String, List<Hold>> by = new LinkedHashMap<>();
        p.holds().forEach(h -> by.computeIfAbsent(h.purchaseId(), k -> new ArrayList<>()).add(h));
        return by;
    }
}
