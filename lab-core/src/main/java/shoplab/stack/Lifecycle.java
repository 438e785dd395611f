package shoplab.stack;

/**
 * A running part of the stack that faults can act on. A part binds its port on the first start and keeps
 * it across stop/kill and restart, so whatever points at it stays valid after a heal.
 */
public interface Lifecycle extends AutoCloseable {

    /** The topology name of this part, e.g. {@code redis} or {@code proxy-2}. */
    String name();

    /** Starts (or restarts) the part; returns once it serves. */
    void start() throws Exception;

    /** Stops gracefully: finish what is in flight where possible, release the port. */
    void stop();

    /** Stops abruptly, as a crash would: connections reset, nothing flushed. */
    default void kill() {
        stop();
    }

    boolean isUp();

    /** The loopback port it serves on, or -1 before the first start or when it has none. */
    int port();

    @Override
    default void close() {
        stop();
    }
}
