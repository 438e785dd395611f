package shoplab.ui.model;

/** How a node or link of the topology view is doing. */
public enum Health {
    /** No stack is running. */
    IDLE,
    UP,
    /** Serving, but part of it is down or a link it uses is slowed or cut. */
    DEGRADED,
    DOWN
}
