package shoplab.services.product.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change-stream strategy's refresher: it follows the database's change log (the {@code product_changes}
 * outbox, written in each change's own transaction, so no committed change is missed and none is seen before it
 * commits) in id order, and for each changed product puts the row as the database has it now into Redis, unless
 * Redis already holds that version or a newer one. Its offset lives in Redis, so a restarted service resumes
 * where it stopped. The log is read every {@link #PERIOD_MS}, as a binlog reader (Canal) would tail it.
 */
final class ChangeStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeStream.class);

    static final long PERIOD_MS = 20;
    private static final int BATCH = 500;
    static final long GAP_GIVE_UP_MS = 2000;

    private final CatalogStore store;
    private final RedisCopies redis;
    private final ReadPath path;
    private final Thread thread;
    private final AtomicLong applied = new AtomicLong();
    private volatile long offset;
    private volatile boolean running = true;
    /** When the first id still missing was first seen missing; 0: none. On the stream's thread only. */
    private long gapSince;

    ChangeStream(CatalogStore store, RedisCopies redis, ReadPath path) {
        this.store = store;
        this.redis = redis;
        this.path = path;
        long saved = redis.streamOffset();
        this.offset = saved >= 0 ? saved : store.lastChangeId(); // the seed needs no refresh: nothing is cached yet
        this.thread = new Thread(this::loop, "product-change-stream");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Map<Long, String> changes = store.changesAfter(offset, BATCH);
                if (!changes.isEmpty()) {
                    Set<String> skus = new LinkedHashSet<>(changes.values()); // a product changed twice is read once, as it is now
                    for (String sku : skus) { // versioned: a newer copy already there is kept
                        store.read(sku).ifPresent(path::refresh);
                    }
                    long last = advance(changes.keySet());
                    if (last > offset) {
                        applied.addAndGet(last - offset);
                        redis.streamOffset(last);
                        offset = last;
                        continue; // more may be waiting
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.debug("change stream: {}", e.toString()); // the database or Redis briefly away: the next period retries
                }
            }
            try {
                Thread.sleep(PERIOD_MS); // a polling period, not a wait for a race
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * How far the log is applied: up to the first id missing in it. Ids are handed out in order but committed in
     * any order, so a missing id is usually a change still committing, read (and refreshed again: the refresh is
     * idempotent) next period; one missing for {@link #GAP_GIVE_UP_MS} was rolled back and is passed over.
     */
    private long advance(Set<Long> ids) {
        long contiguous = offset;
        for (long id : ids) {
            if (id != contiguous + 1) {
                break;
            }
            contiguous = id;
        }
        long last = ids.stream().mapToLong(Long::longValue).max().orElseThrow();
        if (contiguous == last) {
            gapSince = 0;
            return last;
        }
        long now = System.currentTimeMillis();
        if (gapSince == 0) {
            gapSince = now;
        } else if (now - gapSince > GAP_GIVE_UP_MS) {
            gapSince = 0;
            return last;
        }
        return contiguous;
    }

    /** Changes logged and not yet applied. */
    long lag() {
        return Math.max(0, store.lastChangeId() - offset);
    }

    long applied() {
        return applied.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
