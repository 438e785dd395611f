package shoplab.ui.model;

import java.util.concurrent.Executor;

/**
 * The one adapter between the engine and the view-models: everything that changes an observable
 * property goes through it. The console passes {@code Platform::runLater}, so views only ever see
 * changes on the FX thread; tests pass {@link #DIRECT} and need no toolkit.
 */
@FunctionalInterface
public interface UiThread extends Executor {

    /** Runs each change at once, on the calling thread (tests). */
    UiThread DIRECT = Runnable::run;
}
