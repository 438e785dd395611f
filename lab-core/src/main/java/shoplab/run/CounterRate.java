package shoplab.run;

import java.util.Map;

/** The rate of a growing counter (requests served, notices delivered) from one sample to the next, per second. */
public final class CounterRate {

    private long last = -1;
    private long lastAt;

    /** Puts the rate since the previous call under {@code key}; the first call only remembers the count. */
    public void put(Map<String, Double> sample, String key, long count) {
        long now = System.nanoTime();
        if (last >= 0) {
            sample.put(key, (count - last) / ((now - lastAt) / 1e9));
        }
        last = count;
        lastAt = now;
    }
}
