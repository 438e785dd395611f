package shoplab.stack;

import java.nio.file.Path;

/**
 * What a stack needs besides the topology: the SKUs and their stock, the per-user limit, the hold time
 * (real milliseconds, already scaled by the lab clock), a work folder the stack owns and deletes, and,
 * for a scenario that exercises it, the trade side (null: the trade services are not booted).
 */
public record StackOptions(String skus, int perUserLimit, long holdMillis, Path workDir, TradeOptions trade) {

    /** A stack without the trade side (the flash sale). */
    public StackOptions(String skus, int perUserLimit, long holdMillis, Path workDir) {
        this(skus, perUserLimit, holdMillis, workDir, null);
    }
}
