package shoplab.ui;

import shoplab.cli.ShopLabCli;

/**
 * The application's entry point, what {@code ./shoplab} runs: with a command, the headless CLI; without
 * one, the console (the JavaFX console is the next issue; until then, the CLI's help).
 */
public final class ShopLab {

    private ShopLab() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("The JavaFX console is not built yet; the headless commands are:");
            System.exit(ShopLabCli.execute("--help"));
        }
        System.exit(ShopLabCli.execute(args));
    }
}
