package shoplab.ui;

import javafx.application.Application;
import shoplab.cli.ShopLabCli;

/**
 * The application's entry point, what {@code ./shoplab} runs: with a command, the headless CLI; without
 * one, the JavaFX console.
 */
public final class ShopLab {

    private ShopLab() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            Application.launch(ConsoleApp.class);
            return;
        }
        System.exit(ShopLabCli.execute(args));
    }
}
