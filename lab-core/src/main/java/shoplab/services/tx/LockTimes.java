package shoplab.services.tx;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long this participant's moves held their rows locked: a local move from its first write to its commit,
 * an XA branch from its start to its commit or rollback (across a prepared branch's wait for the coordinator).
 */
public final class LockTimes {

    private final Histogram ms = new Histogram(3_600_000L, 2);
    /** XA branches open now, by xid text, with the instant they started. */
    private final Map<String, Long> open = new ConcurrentHashMap<>();

    public void opened(String xid) {
        open.putIfAbsent(xid, System.nanoTime());
    }

    public void closed(String xid) {
        Long from = open.remove(xid);
        if (from != null) {
            record((System.nanoTime() - from) / 1_000_000);
        }
    }

    public synchronized void record(long millis) {
        ms.recordValue(Math.max(0, Math.min(millis, ms.getHighestTrackableValue())));
    }

    /** p50, p99, max and count, ms; the branches still open count as held until now. */
    public synchronized Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("count", ms.getTotalCount());
        f.put("p50Ms", ms.getTotalCount() == 0 ? 0 : ms.getValueAtPercentile(50));
        f.put("p99Ms", ms.getTotalCount() == 0 ? 0 : ms.getValueAtPercentile(99));
        long openMax = open.values().stream().mapToLong(t -> (System.nanoTime() - t) / 1_000_000).max().orElse(0);
        f.put("maxMs", Math.max(ms.getMaxValue(), openMax));
        f.put("openNow", open.size());
        return f;
    }
}
