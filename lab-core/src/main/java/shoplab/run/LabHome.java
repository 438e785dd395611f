package shoplab.run;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The ShopLab folder (the launcher passes it as {@code shoplab.home}; the working directory otherwise)
 * and the data folders in it: {@code topologies/} that people edit, {@code reports/} that runs fill.
 */
public final class LabHome {

    private LabHome() {
    }

    public static Path root() {
        return Path.of(System.getProperty("shoplab.home", ".")).toAbsolutePath().normalize();
    }

    public static Path topologies() {
        return root().resolve("topologies");
    }

    public static Path reports() {
        return root().resolve("reports");
    }

    /** {@code reports/SCENARIO/yyyyMMdd-HHmmss}: where a new run's bundle goes by default. */
    public static Path newBundleDir(String scenario) {
        return newBundleDir(reports(), scenario);
    }

    /** {@code REPORTS/SCENARIO/yyyyMMdd-HHmmss}, under another reports folder. */
    public static Path newBundleDir(Path reports, String scenario) {
        return reports.resolve(scenario).resolve(
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
