package shoplab.run;

import java.util.Locale;

/**
 * When a scenario's load is over at the latest, on the run clock, as its parameters plan it, and how that
 * was reckoned. A scripted fault at or after it would find the load gone and never run, so it is refused
 * before anything boots ({@link RunRequest}).
 *
 * @param atMs      milliseconds into the run by which the load has ended
 * @param reckoning how, in words, e.g. {@code 2 s generator start + 5 s warm-up + rampMs 1000 ms + ...}
 */
public record LoadEnd(long atMs, String reckoning) {

    /** The forked load generator's JVM and Gatling start before its first request: about 2 s on the lab's machine. */
    public static final long GENERATOR_START_MS = 2_000;

    /**
     * A spike's end: the generator's start, an unrecorded warm-up, the arrivals over {@code rampMs}, then the
     * last arrivals served at no less than {@code floorPerSecond} {@code who} a second (the slowest strategy
     * measured here, with a fault slowing it, stays well above it).
     */
    public static LoadEnd ofSpike(long warmUpMs, long rampMs, long arrivals, String who, long floorPerSecond) {
        return ofSpike(warmUpMs, 0, rampMs, arrivals, who, floorPerSecond);
    }

    /** A spike that starts {@code openingMs} after the warm-up (a sale that opens then). */
    public static LoadEnd ofSpike(long warmUpMs, long openingMs, long rampMs, long arrivals, String who, long floorPerSecond) {
        long drainMs = arrivals * 1000 / floorPerSecond;
        return new LoadEnd(GENERATOR_START_MS + warmUpMs + openingMs + rampMs + drainMs, String.format(Locale.ROOT,
                "%s generator start + %s warm-up + %srampMs %d ms + %s for %d %s at %d/s or more",
                seconds(GENERATOR_START_MS), seconds(warmUpMs), openingMs == 0 ? "" : seconds(openingMs) + " to the opening + ",
                rampMs, seconds(drainMs), arrivals, who, floorPerSecond));
    }

    /** A steady load for {@code loadMs} after the generator's start and a warm-up, and a second for the last requests. */
    public static LoadEnd ofSteady(long warmUpMs, long loadMs) {
        return new LoadEnd(GENERATOR_START_MS + warmUpMs + loadMs + 1_000, String.format(Locale.ROOT,
                "%s generator start + %s warm-up + %s of load + 1 s for the last requests",
                seconds(GENERATOR_START_MS), seconds(warmUpMs), seconds(loadMs)));
    }

    static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
