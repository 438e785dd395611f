package shoplab.report;

import shoplab.history.FaultEvent;
import shoplab.history.History;
import shoplab.history.Op;
import shoplab.history.Sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a strategy's history into its bundle as it happens, one JSON line per entry, so that a run
 * that is stopped or crashes still leaves its history behind. Obtain one from
 * {@link RunBundle#historyWriter(String)} and register it with {@link History#addListener}.
 *
 * <p>Thread-safe (History calls listeners on the appending threads) and buffered; {@link #flush()} pushes
 * the buffers out, {@link #close()} flushes and closes. A write error never propagates into the
 * appending thread (it would break the load): the first one is kept and thrown by {@link #close()}.
 * Entries arriving after close are dropped.
 */
public final class HistoryWriter implements History.Listener, AutoCloseable {

    private final Path opsFile;
    private final Writer ops;
    private final Writer faults;
    private final Writer samples;
    private boolean closed;
    private IOException failure;

    HistoryWriter(Path opsFile, Path faultsFile, Path samplesFile) throws IOException {
        this.opsFile = opsFile;
        this.ops = open(opsFile);
        this.faults = open(faultsFile);
        this.samples = open(samplesFile);
    }

    private static Writer open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void onOp(Op op) {
        write(ops, op);
    }

    @Override
    public void onFault(FaultEvent fault) {
        write(faults, fault);
    }

    @Override
    public void onSample(Sample sample) {
        write(samples, sample);
    }

    private void write(Writer out, Object entry) {
        String line = Json.MAPPER.writeValueAsString(entry);
        synchronized (this) {
            if (closed || failure != null) {
                return;
            }
            try {
                out.write(line);
                out.write('\n');
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    /** Pushes what is buffered to the files (e.g. periodically, so a live viewer can follow). */
    public synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            ops.flush();
            faults.flush();
            samples.flush();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    /** Flushes and closes the three files; throws the first write error, if there was one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Writer w : new Writer[] {ops, faults, samples}) {
            try {
                w.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("cannot write the history next to " + opsFile, failure);
        }
    }
}
