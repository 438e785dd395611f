package shoplab.io;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files a user hands the lab (a topology, a run bundle whose report is rebuilt) only when they
 * are regular files and only up to a bound: {@code /dev/zero} given as a topology would otherwise fill the
 * heap, a FIFO would block for ever, and a folder gives a Java error. Every refusal is a {@link Refused}
 * of one line that names the file and the reason ({@code topologies/x.yaml: larger than 1 MiB}); the caller
 * turns it into its own error (a topology error, a bad bundle).
 */
public final class UserFiles {

    public static final long KiB = 1024;
    public static final long MiB = 1024 * KiB;

    private UserFiles() {
    }

    /** A user's file that the lab will not read; the message is one line naming the file. */
    public static final class Refused extends IllegalArgumentException {
        Refused(Path file, String why) {
            super(file + ": " + why);
        }
    }

    /** The whole text (UTF-8) of a regular file of at most {@code maxBytes}. */
    public static String readString(Path file, long maxBytes) {
        try (InputStream in = open(file, maxBytes)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * A line reader over a regular file that refuses ({@link Refused}, from a read) once more than
     * {@code maxBytes} have come: for files read line by line, whose size may grow while they are read.
     */
    public static BufferedReader lines(Path file, long maxBytes) {
        try {
            return new BufferedReader(new InputStreamReader(open(file, maxBytes), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** {@code 1 MiB}, {@code 64 KiB}, {@code 500 bytes}: a bound as people write it. */
    public static String size(long bytes) {
        if (bytes >= MiB && bytes % MiB == 0) {
            return bytes / MiB + " MiB";
        }
        if (bytes >= KiB && bytes % KiB == 0) {
            return bytes / KiB + " KiB";
        }
        return bytes + " bytes";
    }

    private static InputStream open(Path file, long maxBytes) throws IOException {
        // Checked before opening: opening a FIFO blocks until a writer comes.
        if (Files.isDirectory(file)) {
            throw new Refused(file, "a folder, not a file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new Refused(file, "not a regular file");
        }
        if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
            throw new Refused(file, "larger than " + size(maxBytes));
        }
        return new Bounded(Files.newInputStream(file), file, maxBytes);
    }

    private static Refused unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new Refused(file, "no such file");
        }
        if (e instanceof AccessDeniedException) {
            return new Refused(file, "cannot read: permission denied");
        }
        return new Refused(file, "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    /** Refuses on the byte past the bound, whatever the file's size said when it was opened. */
    private static final class Bounded extends FilterInputStream {
        private final Path file;
        private final long max;
        private long read;

        Bounded(InputStream in, Path file, long max) {
            super(in);
            this.file = file;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, max - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new Refused(file, "larger than " + size(max));
            }
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("not supported");
        }
    }
}
