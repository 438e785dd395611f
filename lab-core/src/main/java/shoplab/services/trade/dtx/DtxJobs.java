package shoplab.services.trade.dtx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that runs the strategy's repair (retries, sweeper, recovery) every {@link #PERIOD_MS}, from the
 * first purchase on, or at once when the service starts with work left from before (a restart after a kill):
 * a trade service that never sees a purchase (the other scenarios) does not poll for none.
 */
final class DtxJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DtxJobs.class);

    static final long PERIOD_MS = 100;

    private final Thread thread;
    private volatile boolean running = true;

    DtxJobs(PurchaseStrategy strategy) {
        this.thread = new Thread(() -> {
            while (running) {
                try {
                    strategy.repair();
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.debug("repair: {}", e.toString()); // a store or participant briefly away: next period
                    }
                }
                try {
                    Thread.sleep(PERIOD_MS); // a period, not a wait for a race
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "dtx-repair");
        thread.setDaemon(true);
    }

    /** Starts the repair thread, once. */
    synchronized void start() {
        if (running && thread.getState() == Thread.State.NEW) {
            thread.start();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
