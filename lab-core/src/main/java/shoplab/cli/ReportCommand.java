package shoplab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import shoplab.report.HtmlReport;
import shoplab.report.RunBundle;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code shoplab report DIR}: rebuild a bundle's index.html from the bundle alone, offline. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild the HTML report of a run bundle from its files (no stack, no load); prints its path.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "a run bundle, e.g. reports/flash-sale/20261124-221500")
    Path dir;

    @Override
    public Integer call() {
        RunBundle bundle;
        try {
            bundle = RunBundle.open(dir);
        } catch (IllegalArgumentException e) {
            throw new ShopLabCli.UsageError(e.getMessage());
        }
        Inputs.outputFolder("bundle", dir); // index.html is rewritten in place
        try {
            System.out.println(HtmlReport.write(bundle));
        } catch (IllegalArgumentException e) { // a file of the bundle refused (not regular, too large) or unparsable
            throw new ShopLabCli.UsageError(e.getMessage());
        }
        return ExitCodes.OK;
    }
}
