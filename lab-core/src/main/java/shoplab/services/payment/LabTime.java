package shoplab.services.payment;

import java.time.Duration;

/**
 * The lab clock's scale: business waits run {@code factor} times faster, so a retry schedule measured in
 * hours plays out within a run (factor 100: 15 s becomes 150 ms).
 *
 * @param factor how many times faster than real time, {@code > 0}
 */
public record LabTime(double factor) {

    public LabTime {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("the time factor must be a positive number, was " + factor);
        }
    }

    /** The lab wait for a real-time wait, at least 1 ms. */
    public long millis(Duration real) {
        return Math.max(1, Math.round(real.toMillis() / factor));
    }
}
