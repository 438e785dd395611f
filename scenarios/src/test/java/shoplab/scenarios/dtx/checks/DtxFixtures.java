package shoplab.scenarios.dtx.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A builder of hand-written distributed-tx stores: purchases with consistent rows, then a tweak or two. */
final class DtxFixtures {

    static final String STOCK = "stock";
    static final String COUPON = "coupon";

    private DtxFixtures() {
    }

    static Builder stores() {
        return new Builder();
    }

    static final class Builder {
        private final List<Purchase> purchases = new ArrayList<>();
        private final Map<String, Side> sides = Map.of(STOCK, new Side(), COUPON, new Side());
        private Pending pending = Pending.NONE;

        private Builder() {
            sides.get(STOCK).initial.put("sku-1", 10L);
            sides.get(STOCK).initial.put("sku-2", 5L);
            sides.get(COUPON).initial.put("c-99", 1L); // never used
        }

        /** Reserved at +100/+150, confirmed at +250/+260, PAID at +300. */
        Builder paid(String id, String sku, String coupon, long at) {
            purchases.add(new Purchase(id, sku, coupon, Purchase.PAID, at, at + 300));
            side(STOCK, id, sku, Hold.TAKEN, Effect.RESERVE, at + 100, Effect.CONFIRM, at + 250);
            if (coupon != null) {
                side(COUPON, id, coupon, Hold.TAKEN, Effect.RESERVE, at + 150, Effect.CONFIRM, at + 260);
            }
            return this;
        }

        /** 2pc: taken at once at +50, PAID at +100. */
        Builder taken(String id, String sku, String coupon, long at) {
            purchases.add(new Purchase(id, sku, coupon, Purchase.PAID, at, at + 100));
            side(STOCK, id, sku, Hold.TAKEN, Effect.TAKE, at + 50);
            if (coupon != null) {
                side(COUPON, id, coupon, Hold.TAKEN, Effect.TAKE, at + 60);
            }
            return this;
        }

        /** Reserved at +100/+150, payment failed, cancelled at +300/+350, FAILED at +400. */
        Builder failed(String id, String sku, String coupon, long at) {
            purchases.add(new Purchase(id, sku, coupon, Purchase.FAILED, at, at + 400));
            side(STOCK, id, sku, Hold.RETURNED, Effect.RESERVE, at + 100, Effect.CANCEL, at + 300);
            if (coupon != null) {
                side(COUPON, id, coupon, Hold.RETURNED, Effect.RESERVE, at + 150, Effect.CANCEL, at + 350);
            }
            return this;
        }

        /** The tries never arrived: FAILED at +50, cancels at +100/+120 leave VOID tombstones (no key). */
        Builder voided(String id, String sku, String coupon, long at) {
            purchases.add(new Purchase(id, sku, coupon, Purchase.FAILED, at, at + 50));
            side(STOCK, id, null, Hold.VOID, Effect.VOID, at + 100);
            if (coupon != null) {
                sides.get(COUPON).initial.putIfAbsent(coupon, 1L);
                side(COUPON, id, null, Hold.VOID, Effect.VOID, at + 120);
            }
            return this;
        }

        /** Undecided, not reached any participant yet. */
        Builder pendingPurchase(String id, String sku, long at) {
            purchases.add(new Purchase(id, sku, null, Purchase.PENDING, at, 0));
            return this;
        }

        /** Replaces the purchase's hold in a participant (adds one when it has none). */
        Builder hold(String side, String purchaseId, String key, String state) {
            List<Hold> holds = sides.get(side).holds;
            holds.removeIf(h -> h.purchaseId().equals(purchaseId));
            holds.add(new Hold(purchaseId, key, state));
            return this;
        }

        /** Replaces the purchase's journal in a participant: op, at, op, at... */
        Builder journal(String side, String purchaseId, Object... opsAndTimes) {
            sides.get(side).effects.removeIf(e -> e.purchaseId().equals(purchaseId));
            return effects(side, purchaseId, opsAndTimes);
        }

        /** Adds entries to the purchase's journal in a participant: op, at, op, at... */
        Builder effects(String side, String purchaseId, Object... opsAndTimes) {
            for (int i = 0; i < opsAndTimes.length; i += 2) {
                sides.get(side).effects.add(new Effect(purchaseId, (String) opsAndTimes[i],
                        ((Number) opsAndTimes[i + 1]).longValue()));
            }
            return this;
        }

        /** Sets an item's free units instead of the conserved count. */
        Builder free(String side, String key, long free) {
            sides.get(side).free.put(key, free);
            return this;
        }

        Builder pending(Pending pending) {
            this.pending = pending;
            return this;
        }

        /** The stores; each item's free units are initial - holds HELD or TAKEN on it unless set. */
        DtxState build() {
            return new DtxState(purchases, sides.get(STOCK).participant(STOCK), sides.get(COUPON).participant(COUPON),
                    pending);
        }

        private void side(String side, String id, String key, String state, Object... opsAndTimes) {
            if (key != null && side.equals(COUPON)) {
                sides.get(COUPON).initial.putIfAbsent(key, 1L);
            }
            sides.get(side).holds.add(new Hold(id, key, state));
            effects(side, id, opsAndTimes);
        }
    }

    private static final class Side {
        final Map<String, Long> initial = new LinkedHashMap<>();
        final Map<String, Long> free = new LinkedHashMap<>();
        final List<Hold> holds = new ArrayList<>();
        final List<Effect> effects = new ArrayList<>();

        Participant participant(String name) {
            List<Item> items = new ArrayList<>();
            initial.forEach((key, n) -> items.add(new Item(key, n, free.getOrDefault(key,
                    n - holds.stream().filter(h -> h.holdsUnit() && key.equals(h.key())).count()))));
            return new Participant(name, items, holds, effects);
        }
    }
}
