package shoplab.scenarios.dtx.checks;

import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * No unit is used twice or lost, per participant and item: the free units never go below zero, the units gone
 * from the free ones (initial - free) are exactly the holds on that item still HELD or TAKEN, no hold keeps a
 * unit of an item the participant does not have, and a coupon code is HELD or TAKEN by at most one purchase.
 * Each broken rule on an item counts once (a coupon shared by n purchases counts n - 1); examples in snapshot
 * order, stock first.
 */
public final class NothingUsedTwice implements DtxChecker {

    public static final String NAME = "nothing-used-twice";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String judges() {
        return "the items' units and holds";
    }

    @Override
    public Verdict check(DtxState state) {
        long violations = 0;
        long unitsOff = 0;
        long couponsShared = 0;
        List<String> examples = new ArrayList<>();
        for (Participant p : state.participants()) {
            boolean coupons = p == state.coupon();
            Map<String, List<Hold>> holding = new LinkedHashMap<>();
            p.holds().stream().filter(Hold::holdsUnit)
                    .forEach(h -> holding.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(h));
            Set<String> items = new HashSet<>();
            for (Item item : p.items()) {
                items.add(item.key());
                List<Hold> holds = holding.getOrDefault(item.key(), List.of());
                Set<String> purchases = holds.stream().map(Hold::purchaseId).collect(Collectors.toSet());
                if (coupons && purchases.size() > 1) {
                    violations += purchases.size() - 1;
                    couponsShared += purchases.size() - 1;
                    examples.add("coupon " + item.key() + " is used by " + purchases.size() + " purchases ("
                            + holds.stream().map(h -> h.purchaseId() + " " + h.state()).collect(Collectors.joining(", "))
                            + ")");
                }
                if (item.free() < 0) {
                    violations++;
                    examples.add(p.name() + " " + item.key() + " has " + item.free() + " free units (initial "
                            + item.initial() + ")");
                }
                long out = item.initial() - item.free();
                long diff = out - holds.size();
                if (diff != 0) {
                    violations++;
                    unitsOff += Math.abs(diff);
                    examples.add(p.name() + " " + item.key() + ": initial " + item.initial() + " - free " + item.free()
                            + " = " + Texts.count(out, "unit", "units") + " out, but " + (holds.size() == 1 ? "1 hold is" : holds.size() + " holds are")
                            + " HELD or TAKEN ("
                            + Texts.count(Math.abs(diff), "unit", "units")
                            + (diff > 0 ? " gone with no hold)" : " held that never left the free ones)"));
                }
            }
            for (Map.Entry<String, List<Hold>> e : holding.entrySet()) {
                if (!items.contains(e.getKey())) {
                    violations++;
                    unitsOff += e.getValue().size();
                    examples.add(p.name() + " holds " + Texts.count(e.getValue().size(), "unit", "units") + " of "
                            + e.getKey() + ", an item it does not have (purchases "
                            + e.getValue().stream().map(Hold::purchaseId).collect(Collectors.joining(", ")) + ")");
                }
            }
        }
        return new Verdict(NAME, violations == 0, violations, examples,
                Map.of(DtxFigures.UNITS_OFF, (double) unitsOff, DtxFigures.COUPONS_SHARED, (double) couponsShared));
    }
}
