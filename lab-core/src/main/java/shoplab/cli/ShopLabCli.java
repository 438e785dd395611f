package shoplab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless CLI: {@code shoplab run|up|report|list|bench|mutate|soak}. */
@Command(name = "shoplab", mixinStandardHelpOptions = true, versionProvider = ShopLabCli.Version.class,
        description = {"ShopLab: boot an e-commerce architecture on loopback, load it, break it, and judge it.",
                "Without a command the console opens."},
        subcommands = {RunCommand.class, UpCommand.class, ReportCommand.class, ListCommand.class,
                BenchCommand.class, MutateCommand.class, SoakCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every verdict as expected", "1:usage error (bad option, topology or parameter)",
                "2:performance assertion failed", "3:consistency violation by a safe strategy, or a mutant no checker caught", "4:lab error"})
public final class ShopLabCli {

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ShopLabCli.class.getPackage().getImplementationVersion();
            return new String[]{"ShopLab " + (v == null ? "dev" : v)};
        }
    }

    private ShopLabCli() {
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ShopLabCli());
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.LAB_ERROR);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("shoplab: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageError) {
                commandLine.getErr().println("shoplab: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            commandLine.getErr().println("shoplab: lab error: " + ex);
            return ExitCodes.LAB_ERROR;
        });
        return cl;
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** A mistake of the user's, reported in one line with exit code 1. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
