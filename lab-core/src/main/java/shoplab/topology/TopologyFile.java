package shoplab.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A topology as read from its file: the file, its text (a run records it in its bundle) and the
 * validated model.
 */
public record TopologyFile(Path file, String yaml, Topology topology) {

    /** Reads and validates; any problem is a {@link TopologyException} of one line naming file, line and field. */
    public static TopologyFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new TopologyException(file + ": no such file");
        } catch (IOException e) {
            throw new TopologyException(file + ": cannot read: " + e.getMessage(), e);
        }
        return new TopologyFile(file, text, TopologyLoader.parse(file.toString(), text));
    }
}
