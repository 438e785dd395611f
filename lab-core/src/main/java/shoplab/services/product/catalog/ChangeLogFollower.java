package shoplab.services.product.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Follows the database's change log (the {@code product_changes} outbox, written in each change's own
 * transaction, so no committed change is missed and none is seen before it commits) in id order, every
 * {@link #PERIOD_MS}, as a binlog reader (Canal) would tail it, and hands each batch's changed products to its
 * sink: the change-stream strategy's Redis refresh, the search index. A sink reads each product as the database
 * has it now and writes it versioned, so a product seen twice, or late, does no harm.
 */
final class ChangeLogFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeLogFollower.class);

    static final long PERIOD_MS = 20;
    /** A missing id that long is a rolled-back change's, passed over. */
    static final long GAP_GIVE_UP_MS = 2000;
    private static final int BATCH = 500;

    private final CatalogStore store;
    private final Consumer<Set<String>> sink;
    private final LongConsumer saveOffset;
    private final Thread thread;
    private final AtomicLong applied = new AtomicLong();
    private volatile long offset;
    private volatile boolean running = true;
    /** When the first id still missing was first seen missing; 0: none. On the follower's thread only. */
    private long gapSince;

    /**
     * @param startAfter the last change already applied
     * @param saveOffset where the offset is kept after each batch (one that survives a restart, or none)
     */
    ChangeLogFollower(String name, CatalogStore store, long startAfter, Consumer<Set<String>> sink, LongConsumer saveOffset) {
        this.store = store;
        this.sink = sink;
        this.saveOffset = saveOffset;
        this.offset = startAfter;
        this.thread = new Thread(this::loop, "product-changes-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Map<Long, String> changes = store.changesAfter(offset, BATCH);
                if (!changes.isEmpty()) {
                    sink.accept(new LinkedHashSet<>(changes.values())); // a product changed twice is read once, as it is now
                    long last = advance(changes.keySet());
                    if (last > offset) {
                        applied.addAndGet(last - offset);
                        saveOffset.accept(last);
                        offset = last;
                        continue; // more may be waiting
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.debug("change log: {}", e.toString()); // the database or the sink briefly away: the next period retries
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
     * any order, so a missing id is usually a change still committing, read (and applied again: the sinks are
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
