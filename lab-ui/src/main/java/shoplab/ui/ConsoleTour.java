package shoplab.ui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import shoplab.report.Timeline;
import shoplab.run.LabHome;
import shoplab.ui.model.ConsoleModel;
import shoplab.ui.model.RunDisplay;
import shoplab.ui.view.ConsoleWindow;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scripted tour of the console for the README's screenshots ({@code scripts/screenshot-console.sh}):
 * opens the real window on a topology, runs a flash sale comparing db-pessimistic and redis-lua, kills a
 * target by hand (Redis; with three data centers, a whole one) 12 s into redis-lua's run and restarts it
 * 3 s later, and saves the window mid-run as a PNG. Bundles go to a temporary folder (printed), not
 * {@code reports/}.
 *
 * <p>Usage: {@code ConsoleTour OUT.png [TOPOLOGY.yaml KILL_TARGET]} (default: single-dc.yaml, redis)
 */
public final class ConsoleTour {

    private ConsoleTour() {
    }

    public static void main(String[] args) {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: ConsoleTour OUT.png [TOPOLOGY.yaml KILL_TARGET]");
            System.exit(1);
        }
        Application.launch(TourApp.class, args);
    }

    /** The console with a script driving its model, as a person would with clicks. */
    public static final class TourApp extends Application {

        private static final long TOUR_BOUND_MS = 6 * 60_000;

        @Override
        public void start(Stage stage) throws Exception {
            List<String> raw = getParameters().getRaw();
            Path out = Path.of(raw.get(0)).toAbsolutePath();
            String target = raw.size() == 3 ? raw.get(2) : "redis";
            Path reports = Files.createTempDirectory("shoplab-tour-");
            ConsoleModel model = new ConsoleModel(Platform::runLater, LabHome.topologies(), reports);
            if (raw.size() == 3 && !model.topology().open(LabHome.topologies().resolve(raw.get(1)))) {
                throw new IllegalStateException(model.topology().errorProperty().get());
            }
            new ConsoleWindow(model, p -> { }).show(stage);
            model.form().choose(List.of("db-pessimistic", "redis-lua"));
            model.form().set("users", "3000");
            model.form().set("rampMs", "20000");
            model.form().set("stock", "2000"); // still selling when Redis is killed
            if (!model.startRun()) {
                throw new IllegalStateException(model.messageProperty().get());
            }
            Thread script = new Thread(() -> {
                int code = 0;
                try {
                    long deadline = System.currentTimeMillis() + TOUR_BOUND_MS;
                    RunDisplay d = onFx(model.shownProperty()::get);
                    Timeline redisLua = d.timeline("redis-lua");
                    await(deadline, () -> model.run().canInjectFaults() && redisLua.endMs() >= 12_000);
                    Platform.runLater(() -> model.run().kill(target));
                    await(deadline, () -> redisLua.endMs() >= 15_000);
                    Platform.runLater(() -> model.run().restart(target));
                    await(deadline, () -> redisLua.endMs() >= 22_000);
                    write(onFx(() -> stage.getScene().snapshot(null)), out);
                    System.out.println(out);
                } catch (Exception e) {
                    e.printStackTrace();
                    code = 4;
                } finally {
                    model.shutdown();
                    shoplab.stack.Folders.deleteTree(reports); // the screenshot is the tour's output, not its bundles
                    Platform.exit();
                    System.exit(code);
                }
            }, "console-tour");
            script.setDaemon(true);
            script.start();
        }

        private static <T> T onFx(Callable<T> call) throws Exception {
            CompletableFuture<T> f = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    f.complete(call.call());
                } catch (Exception e) {
                    f.completeExceptionally(e);
                }
            });
            return f.get(30, TimeUnit.SECONDS);
        }

        private static void await(long deadline, Callable<Boolean> condition) throws Exception {
            while (!condition.call()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the tour ran out of time");
                }
                Thread.sleep(100); // a script polling the console, bounded by the tour's deadline
            }
        }

        private static void write(WritableImage image, Path out) throws Exception {
            int w = (int) image.getWidth();
            int h = (int) image.getHeight();
            BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            PixelReader pixels = image.getPixelReader();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    png.setRGB(x, y, pixels.getArgb(x, y));
                }
            }
            Files.createDirectories(out.getParent());
            ImageIO.write(png, "png", out.toFile());
        }
    }
}
