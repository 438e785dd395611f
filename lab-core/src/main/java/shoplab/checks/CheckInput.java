package shoplab.checks;

import shoplab.history.FaultEvent;
import shoplab.history.Op;
import shoplab.history.Sample;

import java.util.List;

/** Everything a checker may look at: the history and the final state. Immutable. */
public record CheckInput(List<Op> ops, List<FaultEvent> faults, List<Sample> samples, FinalState finalState) {

    public CheckInput {
        ops = List.copyOf(ops);
        faults = List.copyOf(faults);
        samples = List.copyOf(samples);
    }
}
