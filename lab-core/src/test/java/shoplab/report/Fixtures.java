package shoplab.report;

import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;
import shoplab.run.RunSpec;
import shoplab.topology.Link;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A made-up two-strategy run: one safe strategy, one unsafe strategy that oversold during a fault. */
final class Fixtures {

    static final String SAFE = "redis-lua";
    static final String UNSAFE = "read-then-write";
    static final String COUNTEREXAMPLE = "sku A: 12 units acknowledged > 10 in stock (orders <o-7>, <o-9> & more)";

    private Fixtures() {
    }

    static RunSpec spec() {
        return new RunSpec("flash-sale", "2025-01-02T03:04:05Z", "single-dc", "topologies/single-dc.yaml",
                "name: single-dc\n# <b>not bold</b>\n", "stock", List.of(SAFE, UNSAFE),
                Map.of("users", "200", "stock", "10", "durationSeconds", "5"), 42L,
                List.of(new Link("gateway", "order", 0.5), new Link("order", "redis", 0.25)),
                Map.of("java", "17.0.15", "redis", "7.2", "shoplab", "0.1.0-SNAPSHOT"), "buy", PRESENTATION);
    }

    /** A scenario's presentation as a flash sale might bring it: one figure column, one chart. */
    static final Presentation PRESENTATION = new Presentation("Only the <way> stock is deducted differs.",
            List.of(new FigureColumn("oversold", "oversold", "oversold", FigureColumn.Format.COUNT),
                    new FigureColumn("convergence ms", "conv. ms", "convergenceMs", FigureColumn.Format.MILLIS_OR_NEVER)),
            List.of(new ChartSpec("stock", "Stock over time", "units", List.of(
                    new ChartSpec.Series("DB stock", Sample.DB_STOCK), new ChartSpec.Series("Redis stock", Sample.REDIS_STOCK)))));

    static RunResults results() {
        StrategyResult safe = new StrategyResult(SAFE, false, 300, 61.5, 10, 4.0, 9.5, 20.25, 2,
                Map.of("oversold", 0, "convergenceMs", 35), List.of(Verdict.ok("no-oversell", Map.of("oversold", 0.0)),
                        Verdict.ok("per-user-limit", Map.of())));
        StrategyResult unsafe = new StrategyResult(UNSAFE, true, 280, 55.0, 12, 6.0, 15.0, Double.NaN, 5,
                Map.of("oversold", 2, "convergenceMs", -1), List.of(new Verdict("no-oversell", false, 2, List.of(COUNTEREXAMPLE),
                        Map.of("oversold", 2.0, "ratio", 0.125))));
        return new RunResults("flash-sale", "2025-01-02T03:04:05Z", 42L,
                Map.of("users", "200", "stock", "10", "durationSeconds", "5"), true, List.of(safe, unsafe));
    }

    /** Purchases over 5 s, a slow link from 1.5 s healed at 3 s, and samples (one without Redis figure). */
    static History history(boolean redis) {
        History h = new History();
        long stock = 10;
        for (int i = 0; i < 50; i++) {
            long start = i * 100L;
            long end = start + 5 + (i % 7) * 3 + (start >= 1500 && start < 3000 ? 200 : 0);
            Outcome o = i % 10 == 9 ? Outcome.UNKNOWN : (stock > 0 && i % 3 == 0 ? Outcome.OK : Outcome.FAIL);
            if (o == Outcome.OK) {
                stock--;
            }
            h.append(new Op(Op.BUY, o, start, end, "u" + i, "A", o == Outcome.OK ? "o-" + i : null,
                    o == Outcome.UNKNOWN ? 0 : o == Outcome.OK ? 200 : 409,
                    o == Outcome.FAIL ? "sold out" : o == Outcome.UNKNOWN ? "timeout" : null));
            if (i % 10 == 0) {
                Map<String, Double> v = new HashMap<>();
                v.put(Sample.DB_STOCK, (double) stock);
                v.put(Sample.REDIS_STOCK, redis ? (double) stock : Double.NaN);
                v.put(Sample.REQUESTS_PER_SECOND, 10.0);
                h.append(new Sample(start, v));
            }
        }
        h.append(new Op(Op.PAGE, Outcome.OK, 10, 12, "u1", "A", null, 200, null));
        h.append(new FaultEvent(1500, "slow", "order->redis", "+200ms"));
        h.append(new FaultEvent(3000, "heal", "order->redis", ""));
        return h;
    }

    /** A scenario's own snapshot of its stores: the shared code sees only that it maps to JSON. */
    record Stores(List<String> skus, long dbStockWrites) {
    }

    static FinalState finalState() {
        return new FinalState(true, new Stores(List.of("A", "B"), 14));
    }

    /** A complete bundle in dir: spec, results, both histories (written through HistoryWriter), final states. */
    static RunBundle bundle(java.nio.file.Path dir) {
        RunBundle b = RunBundle.create(dir);
        b.writeSpec(spec());
        b.writeResults(results());
        for (String s : List.of(SAFE, UNSAFE)) {
            History source = history(SAFE.equals(s));
            try (HistoryWriter w = b.historyWriter(s)) {
                source.ops().forEach(w::onOp);
                source.faults().forEach(w::onFault);
                source.samples().forEach(w::onSample);
            }
            b.writeFinalState(s, finalState());
        }
        return b;
    }
}
