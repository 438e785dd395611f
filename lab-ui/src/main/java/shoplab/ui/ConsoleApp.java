package shoplab.ui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import shoplab.run.LabHome;
import shoplab.ui.model.ConsoleModel;
import shoplab.ui.view.ConsoleWindow;

import java.nio.file.Path;

/**
 * The JavaFX console. Not the main class (JavaFX refuses an {@code Application} subclass as the main
 * class on the class path): {@link ShopLab} launches it.
 */
public final class ConsoleApp extends Application {

    private ConsoleModel model;

    @Override
    public void start(Stage stage) {
        model = new ConsoleModel(Platform::runLater, LabHome.topologies(), LabHome.reports());
        new ConsoleWindow(model, this::open).show(stage);
        stage.setOnCloseRequest(e -> {
            // Closing mid-run stops the load and tears the stack down before the JVM goes.
            e.consume();
            stage.setTitle("ShopLab console: stopping...");
            Thread closer = new Thread(() -> {
                model.shutdown();
                Platform.exit();
                System.exit(0);
            }, "console-close");
            closer.start();
        });
    }

    /** Opens a file (the report) or a folder (the bundle) with the desktop's application for it. */
    private void open(Path p) {
        getHostServices().showDocument(p.toUri().toString());
    }
}
