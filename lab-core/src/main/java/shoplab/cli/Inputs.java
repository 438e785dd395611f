package shoplab.cli;

import shoplab.run.LabHome;
import shoplab.run.Params;
import shoplab.run.Scenario;
import shoplab.run.Scenarios;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /** Where a run's bundle goes: --out, or {@link LabHome#newBundleDir}. Not checked yet: see {@link #outputFolder}. */
    static Path bundleDir(Path out, String name) {
        return out != null ? out : LabHome.newBundleDir(name);
    }

    /**
     * A folder a command is about to write into, made and proved writable now (a file written and deleted in
     * it): a path that cannot take the output (a file, {@code /proc/...}, a read-only folder) is a usage error
     * naming it, before anything boots, instead of a lab error once the stack is up. {@code what} names the
     * path as the user gave it, e.g. {@code --out}.
     */
    static Path outputFolder(String what, Path dir) {
        String name = what + " " + dir;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ShopLabCli.UsageError(name + ": not a folder (a file of that name exists)");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ShopLabCli.UsageError(name + ": cannot be created: " + e.getFile() + " is a file, not a folder");
        } catch (IOException e) {
            throw new ShopLabCli.UsageError(name + ": cannot be created (" + reason(e) + ")");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".shoplab-", ".probe"));
        } catch (IOException e) {
            throw new ShopLabCli.UsageError(name + ": not writable (" + reason(e) + ")");
        }
        return dir;
    }

    /** The operating system's reason, without Java's exception names. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
