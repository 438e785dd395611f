package shoplab.scenarios.flashsale.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;

import shoplab.history.Op;
import shoplab.history.Outcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * No SKU may promise more units than it has at any instant: each acknowledged buy, earliest first, is
 * compared with the stock plus the units whose release had begun by then (a unit promised twice and
 * given back later was still oversold: two buyers held it at once); and the server's own sold + held with
 * the initial stock. The worse view counts.
 */
public final class NoOversellChecker implements Checker {

    public static final String NAME = "no-oversell";

    @Override
    public String name() {
        return NAME;
    }

    /** Sound on a prefix: acknowledged buys and the stores' sold + held only grow, releases are read after the buys. */
    @Override
    public boolean soundOnPrefix() {
        return true;
    }

    @Override
    public Verdict check(CheckInput input) {
        Map<String, SkuState> states = new LinkedHashMap<>();
        for (SkuState s : StockSnapshot.of(input).skus()) {
            states.put(s.sku(), s);
        }
        Map<String, List<Op>> buysBySku = new LinkedHashMap<>();
        for (Op op : okBuys(input.ops())) {
            buysBySku.computeIfAbsent(op.sku(), k -> new ArrayList<>()).add(op);
        }

        List<Example> clientExamples = new ArrayList<>();
        List<String> serverExamples = new ArrayList<>();
        long oversold = 0;
        for (String sku : union(states, buysBySku)) {
            SkuState state = states.get(sku); // a SKU missing from the final state had no stock
            long initial = state == null ? 0 : state.initialStock();
            List<Op> buys = buysBySku.getOrDefault(sku, List.of());
            // The i-th acknowledgement (earliest first) needs i units: the stock, plus the units whose release
            // had begun by then. Beyond the worst excess, every unit was promised twice at some instant.
            long clientOver = 0;
            for (int i = 0; i < buys.size(); i++) {
                Op op = buys.get(i);
                long released = state == null ? 0 : state.releasedBy(op.endMs());
                long over = i + 1 - (initial + released);
                if (over > 0) {
                    if (over > clientOver) {
                        clientExamples.add(new Example(op.endMs(), String.format(Locale.ROOT,
                                "order %s (user %s) at %s was unit %d of %s acknowledged; stock was %d and %d units had been released by then",
                                op.orderId(), op.user(), seconds(op.endMs()), i + 1, sku, initial, released)));
                    }
                    clientOver = Math.max(clientOver, over);
                }
            }
            long serverOver = state == null ? 0 : Math.max(0, state.sold() + state.held() - state.initialStock());
            if (serverOver > 0) {
                serverExamples.add(String.format(Locale.ROOT,
                        "%s: the stores show %d sold + %d held = %d units against an initial stock of %d",
                        sku, state.sold(), state.held(), state.sold() + state.held(), state.initialStock()));
            }
            oversold += Math.max(clientOver, serverOver);
        }

        clientExamples.sort(Comparator.comparingLong(Example::atMs));
        List<String> examples = new ArrayList<>();
        clientExamples.forEach(e -> examples.add(e.text()));
        examples.addAll(serverExamples);
        return new Verdict(NAME, oversold == 0, oversold, examples, Map.of(StockFigures.OVERSOLD, (double) oversold));
    }

    /** OK buys with a SKU, earliest acknowledgement first. */
    static List<Op> okBuys(List<Op> ops) {
        return ops.stream()
                .filter(op -> op.is(Op.BUY, Outcome.OK) && op.sku() != null)
                .sorted(Comparator.comparingLong(Op::endMs))
                .toList();
    }

    /** Lab-clock milliseconds as seconds, e.g. {@code 1.234 s}. */
    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f s", ms / 1000.0);
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        return keys;
    }

    private record Example(long atMs, String text) {
    }
}
