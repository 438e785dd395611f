package shoplab.scenarios.flashsale.checks;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;

import shoplab.history.Op;
import shoplab.history.Sample;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Redis stock cache must come to agree with the DB after the last stock movement; measures how long
 * that took from the sampled totals, and fails when it never did. The last movement is the later of the
 * last sale the clients saw and the last sample in which Redis moved (a release after a hold expired
 * moves Redis first and the DB one batch later), so a late release is not counted as slow convergence.
 */
public final class ConvergenceChecker implements Checker {

    public static final String NAME = "converged";
    static final double EPSILON = 1e-9;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(CheckInput input) {
        if (input.samples().stream().allMatch(s -> Double.isNaN(s.get(Sample.REDIS_STOCK)))) {
            return Verdict.ok(NAME, figure(0));
        }
        long lastSale = NoOversellChecker.okBuys(input.ops()).stream().mapToLong(Op::endMs).max().orElse(0);
        // only samples carrying both totals can be compared
        List<Sample> samples = input.samples().stream()
                .filter(s -> !Double.isNaN(s.get(Sample.REDIS_STOCK)) && !Double.isNaN(s.get(Sample.DB_STOCK)))
                .sorted(Comparator.comparingLong(Sample::atMs))
                .toList();
        int lastDiffering = -1;
        for (int i = 0; i < samples.size(); i++) {
            if (!agree(samples.get(i))) {
                lastDiffering = i;
            }
        }
        long lastMove = lastSale;
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).get(Sample.REDIS_STOCK) != samples.get(i - 1).get(Sample.REDIS_STOCK)) {
                lastMove = Math.max(lastMove, samples.get(i - 1).atMs());
            }
        }
        for (int i = lastDiffering + 1; i < samples.size(); i++) {
            if (samples.get(i).atMs() >= lastSale) {
                return Verdict.ok(NAME, figure(Math.max(0, samples.get(i).atMs() - lastMove)));
            }
        }
        String example;
        if (samples.isEmpty()) {
            example = "no sample carries both Redis stock and DB stock";
        } else {
            Sample last = samples.get(samples.size() - 1);
            example = agree(last)
                    ? String.format(Locale.ROOT, "no sample at or after the last sale (%.1f s) to show convergence",
                            lastSale / 1000.0)
                    : String.format(Locale.ROOT, "Redis stock %s and DB stock %s still differ at the last sample (%.1f s)",
                            number(last.get(Sample.REDIS_STOCK)), number(last.get(Sample.DB_STOCK)),
                            last.atMs() / 1000.0);
        }
        return new Verdict(NAME, false, 1, List.of(example), figure(-1));
    }

    private static boolean agree(Sample s) {
        return Math.abs(s.get(Sample.REDIS_STOCK) - s.get(Sample.DB_STOCK)) <= EPSILON;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static Map<String, Double> figure(long convergenceMs) {
        return Map.of(StockFigures.CONVERGENCE_MS, (double) convergenceMs);
    }
}
