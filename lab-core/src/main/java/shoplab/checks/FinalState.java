package shoplab.checks;

import shoplab.history.HistoryJson;

/**
 * The stores after the load, as the scenario's probe saw them once the stack was quiesced (or, for the
 * checks that run during a run, as they are now).
 *
 * @param quiesced whether the stack drained within its time bound (nothing held, queued or pending)
 * @param snapshot the scenario's own snapshot of its stores: any value that maps to JSON (a record its
 *                 checkers read with {@link #snapshot(Class)}); written to the bundle as final-state.json
 */
public record FinalState(boolean quiesced, Object snapshot) {

    /**
     * The snapshot as the scenario's type: the probe's own object during a run, or the same fields read
     * back from a bundle's final-state.json (where it is plain JSON). Null when there is none.
     */
    public <T> T snapshot(Class<T> type) {
        if (snapshot == null || type.isInstance(snapshot)) {
            return type.cast(snapshot);
        }
        return HistoryJson.MAPPER.convertValue(snapshot, type);
    }
}
