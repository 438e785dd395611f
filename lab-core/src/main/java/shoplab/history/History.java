package shoplab.history;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The single source of truth of a run: every client operation, every fault, every server sample, in the
 * order they arrived. Append-only and safe to append from several threads; listeners (the bundle
 * writer, a live console) see each entry as it is appended.
 */
public final class History {

    /** Receives every appended entry, on the appending thread. */
    public interface Listener {
        default void onOp(Op op) { }
        default void onFault(FaultEvent fault) { }
        default void onSample(Sample sample) { }
    }

    private final List<Op> ops = new ArrayList<>();
    private final List<FaultEvent> faults = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public History() {
    }

    /** A finished history, e.g. read back from a bundle. */
    public static History of(List<Op> ops, List<FaultEvent> faults, List<Sample> samples) {
        History h = new History();
        h.ops.addAll(ops);
        h.faults.addAll(faults);
        h.samples.addAll(samples);
        return h;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void append(Op op) {
        synchronized (this) {
            ops.add(op);
        }
        forEach(l -> l.onOp(op));
    }

    public void append(FaultEvent fault) {
        synchronized (this) {
            faults.add(fault);
        }
        forEach(l -> l.onFault(fault));
    }

    public void append(Sample sample) {
        synchronized (this) {
            samples.add(sample);
        }
        forEach(l -> l.onSample(sample));
    }

    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    public synchronized List<FaultEvent> faults() {
        return List.copyOf(faults);
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    private void forEach(Consumer<Listener> call) {
        for (Listener l : listeners) {
            call.accept(l);
        }
    }
}
