package shoplab.history;

/**
 * A fault injected into, or healed in, the stack.
 *
 * @param atMs   lab clock, milliseconds since the run started
 * @param action {@code kill}, {@code restart}, {@code slow}, {@code cut}, {@code heal} ...
 * @param target the component or link it acted on, by topology name
 * @param detail free text (e.g. {@code +50ms})
 */
public record FaultEvent(long atMs, String action, String target, String detail) {
}
