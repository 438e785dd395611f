package shoplab.topology;

/** A topology file that cannot be used; the message names the file, the line and the field. */
public class TopologyException extends RuntimeException {

    public TopologyException(String message) {
        super(message);
    }

    public TopologyException(String message, Throwable cause) {
        super(message, cause);
    }
}
