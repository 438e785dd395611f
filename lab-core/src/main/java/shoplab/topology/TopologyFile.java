package shoplab.topology;

import shoplab.io.UserFiles;

import java.nio.file.Path;

/**
 * A topology as read from its file: the file, its text (a run records it in its bundle) and the
 * validated model.
 */
public record TopologyFile(Path file, String yaml, Topology topology) {

    /** A topology is a page or two of YAML; anything bigger is not one (and /dev/zero would fill the heap). */
    public static final long MAX_BYTES = UserFiles.MiB;

    /** Reads and validates; any problem is a {@link TopologyException} of one line naming file, line and field. */
    public static TopologyFile read(Path file) {
        String text;
        try {
            text = UserFiles.readString(file, MAX_BYTES);
        } catch (UserFiles.Refused e) {
            throw new TopologyException(e.getMessage(), e);
        }
        return new TopologyFile(file, text, TopologyLoader.parse(file.toString(), text));
    }
}
