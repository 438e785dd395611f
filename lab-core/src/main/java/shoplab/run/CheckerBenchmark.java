package shoplab.run;

import shoplab.checks.CheckInput;
import shoplab.checks.Checker;
import shoplab.checks.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How long the checkers take on a large history: each scenario's generated history (a correct run, so every
 * verdict must hold) is checked by each of its checkers, timed alone, after a warm-up on a tenth of the size
 * (the JIT). A measurement, never an assertion: the machine is noisy.
 */
public final class CheckerBenchmark {

    /** One checker on one history: the time it took and whether it held (it must: the history is correct). */
    public record Timing(String scenario, String checker, int operations, double millis, boolean held, String firstExample) {
    }

    /** One scenario: how long generating its history took, then each checker. */
    public record ScenarioTimings(String scenario, int operations, double generateMillis, List<Timing> checkers) {

        public double checkMillis() {
            return checkers.stream().mapToDouble(Timing::millis).sum();
        }
    }

    private CheckerBenchmark() {
    }

    /** Every scenario with a generated history; {@code progress} hears what is being measured. */
    public static List<ScenarioTimings> run(List<Scenario> scenarios, int operations, long seed,
                                            java.util.function.Consumer<String> progress) {
        List<ScenarioTimings> all = new ArrayList<>();
        for (Scenario s : scenarios) {
            Optional<CheckInput> warm = s.syntheticHistory(Math.max(1, operations / 10), seed);
            if (warm.isEmpty()) {
                continue;
            }
            progress.accept("bench: " + s.name() + ": warming up on " + warm.get().ops().size() + " operations");
            for (Checker c : s.checkers()) {
                c.check(warm.get());
            }
            long t0 = System.nanoTime();
            CheckInput input = s.syntheticHistory(operations, seed).orElseThrow();
            double generate = (System.nanoTime() - t0) / 1e6;
            progress.accept("bench: " + s.name() + ": " + input.ops().size() + " operations generated in "
                    + Math.round(generate) + " ms; checking");
            List<Timing> timings = new ArrayList<>();
            for (Checker c : s.checkers()) {
                long c0 = System.nanoTime();
                Verdict v = c.check(input);
                double ms = (System.nanoTime() - c0) / 1e6;
                timings.add(new Timing(s.name(), c.name(), input.ops().size(), ms, v.valid(),
                        v.examples().isEmpty() ? null : v.examples().get(0)));
            }
            all.add(new ScenarioTimings(s.name(), input.ops().size(), generate, timings));
        }
        return all;
    }
}
