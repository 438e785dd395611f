package shoplab.cli;

import shoplab.run.LabHome;
import shoplab.run.Params;
import shoplab.run.Scenario;
import shoplab.run.Scenarios;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns command-line words into validated inputs; every mistake becomes a one-line {@link ShopLabCli.UsageError}. */
final class Inputs {

    private Inputs() {
    }

    static Scenario scenario(String name) {
        return Scenarios.find(name).orElseThrow(() -> new ShopLabCli.UsageError("unknown scenario '" + name
                + "' (known: " + String.join(", ", Scenarios.all().stream().map(Scenario::name).toList()) + ")"));
    }

    /** Where a run's bundle goes: --out, or {@link LabHome#newBundleDir}. */
    static Path bundleDir(Path out, String name) {
        return out != null ? out : LabHome.newBundleDir(name);
    }

    static Params params(Scenario scenario, List<String> sets) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ShopLabCli.UsageError("--set wants name=value, got '" + s + "'");
            }
            overrides.put(s.substring(0, eq).trim(), s.substring(eq + 1));
        }
        try {
            return Params.resolve(scenario.parameters(), overrides);
        } catch (IllegalArgumentException e) {
            throw new ShopLabCli.UsageError(scenario.name() + ": " + e.getMessage());
        }
    }
}
