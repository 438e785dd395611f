package shoplab.run;

import shoplab.checks.FinalState;
import shoplab.report.Json;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits, bounded by the probe, until the stack is quiet, and takes the final state from readings that
 * agree. One reading reads several services one after the other, so a change that commits between two of
 * its reads tears it (stock read before a release, orders after: one unit "missing"). Two consecutive quiet
 * readings with the same snapshot cannot both be torn by a change, since the change would show as a
 * difference between them; so only such a pair is accepted.
 */
final class Quiescence {

    /**
     * How many bounds the wait may last while the backlog keeps moving: a stack under ten times the load
     * drains for longer than the bound a default run needs, and a verdict on it undrained is no verdict.
     */
    static final int MAX_BOUNDS = 4;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Quiescence.class);

    /** Between readings: the stack's own figures are polled; the loop is bounded by the deadline. */
    private static final long POLL_MS = 100;

    private final Probe probe;
    private final BooleanSupplier aborted;
    private final Supplier<List<String>> down;

    /** @param down the stack's parts that are down now, to name when the stack cannot be read */
    Quiescence(Probe probe, BooleanSupplier aborted, Supplier<List<String>> down) {
        this.probe = probe;
        this.aborted = aborted;
        this.down = down;
    }

    FinalState await() throws Exception {
        long bound = probe.quiesceBoundMillis();
        long start = System.currentTimeMillis();
        long deadline = start + bound;
        long cap = start + MAX_BOUNDS * bound;
        Probe.Reading last = null;
        IOException unreadable = null;
        String previous = null;
        Object backlog = null;
        boolean extending = false;
        while (System.currentTimeMillis() < deadline && !aborted.getAsBoolean()) {
            try {
                last = probe.read();
                unreadable = null;
                Object left = last.backlog();
                if (left != null && !left.equals(backlog)) { // still draining: half a bound more, within the cap
                    long extended = Math.min(cap, System.currentTimeMillis() + Math.max(bound / 2, 1_000));
                    if (extended > deadline && !extending) {
                        extending = true;
                        LOG.info("the stack is still draining past {} ms ({}); waiting while it does, at most {} ms",
                                bound, left, MAX_BOUNDS * bound);
                    }
                    deadline = Math.max(deadline, extended);
                    backlog = left;
                }
                if (last.quiet()) {
                    Object snapshot = last.snapshot();
                    String now = Json.MAPPER.writeValueAsString(snapshot);
                    if (now.equals(previous)) {
                        return new FinalState(true, snapshot);
                    }
                    previous = now;
                } else {
                    previous = null;
                }
            } catch (IOException e) {
                unreadable = e; // a service still down after a fault; it may come back
                previous = null;
            }
            Thread.sleep(POLL_MS);
        }
        if (last == null || unreadable != null) {
            List<String> parts = down.get();
            throw new IllegalStateException("the stack could not be read after the load ("
                    + (unreadable == null ? "stopped" : unreadable.getMessage() != null ? unreadable.getMessage()
                    : unreadable.getClass().getSimpleName()) + ")" + (parts.isEmpty() ? "; was a component left down?"
                    : "; down: " + String.join(", ", parts.size() > 12 ? parts.subList(0, 12) : parts)
                    + (parts.size() > 12 ? " and " + (parts.size() - 12) + " more" : "")));
        }
        LOG.warn("the stack did not quiesce within {} ms", System.currentTimeMillis() - start);
        try {
            return new FinalState(false, last.snapshot()); // judged as it is, marked not quiesced
        } catch (IOException e) { // an overloaded stack may not answer even that: this strategy has no final state,
            LOG.warn("and its stores could not be read: {}", e.toString()); // the others still run
            return new FinalState(false, null);
        }
    }
}
