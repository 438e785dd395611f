package shoplab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Output folders are proved usable before anything boots: a path that cannot take the output is a usage error. */
class InputsTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFolderIsMadeAndAnExistingOneKept() throws Exception {
        Path fresh = dir.resolve("a/b/bundle");
        assertThat(Inputs.outputFolder("--out", fresh)).isEqualTo(fresh);
        assertThat(fresh).isEmptyDirectory(); // the probe file is gone again

        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("run.json"), "{}");
        assertThat(Inputs.outputFolder("--out", used)).isEqualTo(used);
    }

    @Test
    void aFileIsNotAFolder() throws Exception {
        Path file = Files.writeString(dir.resolve("bundle"), "x");
        assertThatThrownBy(() -> Inputs.outputFolder("--out", file))
                .isInstanceOf(ShopLabCli.UsageError.class)
                .hasMessage("--out " + file + ": not a folder (a file of that name exists)");
        assertThatThrownBy(() -> Inputs.outputFolder("--out", file.resolve("inside")))
                .isInstanceOf(ShopLabCli.UsageError.class)
                .hasMessageStartingWith("--out " + file.resolve("inside") + ": cannot be created (");
    }

    @Test
    void aPlaceNothingCanBeCreatedIsRefused() {
        assertThatThrownBy(() -> Inputs.outputFolder("--out", Path.of("/proc/x")))
                .isInstanceOf(ShopLabCli.UsageError.class)
                .hasMessageStartingWith("--out /proc/x: cannot be created (")
                .hasMessageNotContaining("\n").hasMessageNotContaining("Exception");
        assertThat(Path.of("/proc/x")).doesNotExist();
    }

    @Test
    void aReadOnlyFolderIsRefused() throws Exception {
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Path probe = readOnly.resolve("probe");
            boolean writableAnyway; // root writes through the mode bits
            try {
                Files.writeString(probe, "");
                Files.delete(probe);
                writableAnyway = true;
            } catch (java.io.IOException e) {
                writableAnyway = false;
            }
            assumeFalse(writableAnyway, "this user writes into read-only folders (root)");
            assertThatThrownBy(() -> Inputs.outputFolder("--out", readOnly))
                    .isInstanceOf(ShopLabCli.UsageError.class)
                    .hasMessage("--out " + readOnly + ": not writable (permission denied)");
            assertThatThrownBy(() -> Inputs.outputFolder("--out", readOnly.resolve("bundle")))
                    .isInstanceOf(ShopLabCli.UsageError.class)
                    .hasMessage("--out " + readOnly.resolve("bundle") + ": cannot be created (permission denied)");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFolderOnAReadOnlyFileSystemIsRefused() {
        Path sys = Path.of("/sys/kernel"); // sysfs: a folder nobody, root included, may add files to
        assumeFalse(!Files.isDirectory(sys), "no /sys here");
        assertThatThrownBy(() -> Inputs.outputFolder("--out", sys))
                .isInstanceOf(ShopLabCli.UsageError.class)
                .hasMessageStartingWith("--out /sys/kernel: not writable (");
    }
}
