package shoplab.scenarios.dtx.checks;

import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every change is applied once, whatever the redeliveries: in each participant's journal no (purchase, op)
 * appears twice (a confirm or a cancel applied again when its message came back), and no purchase has
 * effects that exclude each other: confirm and cancel, take and cancel (both kept and given back), or a void
 * tombstone and a reserve or take (a try that came after its cancel and got through the fence). Each repeated
 * or contradicting entry counts; examples ordered by when it was applied.
 */
public final class EffectsOnce implements DtxChecker {

    public static final String NAME = "effects-once";

    /** Ops that must never both be applied for one purchase in one participant. */
    private static final List<List<String>> EXCLUSIVE = List.of(
            List.of(Effect.CONFIRM, Effect.CANCEL), List.of(Effect.TAKE, Effect.CANCEL),
            List.of(Effect.RESERVE, Effect.VOID), List.of(Effect.TAKE, Effect.VOID));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String judges() {
        return "the participants' journals";
    }

    @Override
    public Verdict check(DtxState state) {
        long repeated = 0;
        long effects = 0;
        List<Texts.Example> examples = new ArrayList<>();
        for (Participant p : state.participants()) {
            effects += p.effects().size();
            // per purchase, per op: every entry, in journal order
            Map<String, Map<String, List<Effect>>> byPurchase = new LinkedHashMap<>();
            for (Effect e : p.effects()) {
                byPurchase.computeIfAbsent(e.purchaseId(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(e.op(), k -> new ArrayList<>()).add(e);
            }
            for (Map.Entry<String, Map<String, List<Effect>>> e : byPurchase.entrySet()) {
                Map<String, List<Effect>> ops = e.getValue();
                for (List<Effect> same : ops.values()) {
                    if (same.size() > 1) {
                        repeated += same.size() - 1;
                        examples.add(new Texts.Example(same.get(1).atMs(), p.name() + " applied " + same.get(0).op()
                                + " for purchase " + e.getKey() + " " + Texts.times(same.size())));
                    }
                }
                for (List<String> pair : EXCLUSIVE) {
                    List<Effect> a = ops.get(pair.get(0));
                    List<Effect> b = ops.get(pair.get(1));
                    if (a != null && b != null) {
                        repeated++;
                        examples.add(new Texts.Example(Math.max(a.get(0).atMs(), b.get(0).atMs()), p.name()
                                + " applied both " + pair.get(0) + " and " + pair.get(1) + " for purchase " + e.getKey()));
                    }
                }
            }
        }
        examples.sort(Comparator.comparingLong(Texts.Example::atMs));
        return new Verdict(NAME, repeated == 0, repeated, examples.stream().map(Texts.Example::text).toList(),
                Map.of(DtxFigures.EFFECTS, (double) effects, DtxFigures.EFFECTS_REPEATED, (double) repeated));
    }
}
