package shoplab.scenarios.dtx.checks;

import shoplab.checks.Checker;

import java.util.List;

/** The checkers every distributed-tx run is judged by, in report order. */
public final class DtxCheckers {

    private DtxCheckers() {
    }

    public static List<Checker> all() {
        return List.of(new AllOrNothing(), new NothingUsedTwice(), new EffectsOnce(), new InDoubtResolved());
    }
}
