package shoplab.stack;

import java.nio.file.Path;

/**
 * What a stack needs besides the topology: the SKUs and their stock, the per-user limit, the hold time
 * (real milliseconds, already scaled by the lab clock) and a work folder the stack owns and deletes.
 */
public record StackOptions(String skus, int perUserLimit, long holdMillis, Path workDir) {
}
