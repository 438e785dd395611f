package shoplab.run;

import java.io.IOException;
import java.util.Map;

/**
 * How a scenario reads its running stack: the samples it adds to the timeline, whether the stack is quiet
 * after the load, how long that may take, and the snapshot of the stores its checkers judge. Made by
 * {@link Scenario#probe} once per strategy, after the stack is up; reads go to each service's own port
 * (see {@link ServiceJson}), so that the lab adds no load to the edge nor latency to the links it measures.
 */
public interface Probe {

    /** One reading of the stack's services; throws while one cannot be read (a fault, or stopping). */
    Reading read() throws IOException, InterruptedException;

    /** How long, after the load, the stack may take to quiet down before it is judged as it is. */
    long quiesceBoundMillis();

    /** What one read saw. */
    interface Reading {

        /**
         * The timeline's figures from this reading, by sample key (the keys the scenario's charts draw).
         * Called by the sampler only, about four times a second: a rate may be taken against the
         * previous call.
         */
        Map<String, Double> figures();

        /** Whether the stack is quiet: nothing held, queued or pending that would still change the stores. */
        boolean quiet();

        /**
         * What is still to drain (units held, notices pending, a queue's lag...), comparable between readings:
         * while it changes, the stack is making progress and the wait for quiet goes on past the bound (up to
         * {@link Quiescence#MAX_BOUNDS} bounds). Null: no such measure, the bound is fixed.
         */
        default Object backlog() {
            return null;
        }

        /**
         * The stores as the scenario's checkers read them: the final state's snapshot after quiescing, and
         * the stores now for the checks that judge a run still going on. May read more from the stack.
         */
        Object snapshot() throws IOException, InterruptedException;
    }
}
