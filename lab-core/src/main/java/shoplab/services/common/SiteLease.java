package shoplab.services.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fence of a data center: its services write only while they hold the write lease the global traffic
 * manager grants the active data center. Each instance renews it several times a lease, over its data
 * center's link to the traffic manager (so a partition stops the renewals); a lease runs from when the
 * renewal was <em>sent</em>, so it never outlives what the traffic manager granted. When the traffic
 * manager switches, it stops granting, waits a whole lease, and only then promotes the other site: by then
 * every instance here refuses writes (503) and its jobs pause, whatever the network did.
 *
 * <p>Without a traffic manager ({@link #URL} unset) a service is always writable.
 */
public final class SiteLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SiteLease.class);

    /** Where the traffic manager answers {@code GET ?dc=NAME} with {@code epoch active leaseMs}. */
    public static final String URL = "shoplab.site.lease-url";
    /** Seconds a refused writer is told to wait (Retry-After). */
    public static final String RETRY_AFTER_SECONDS = "1";

    private final URI url;
    private final String dc;
    private final ScheduledExecutorService timer;
    private volatile long writableUntilNanos;
    private volatile long epoch;
    private volatile long periodMs = 100;

    public SiteLease(String url, String dc) {
        this.url = url == null || url.isBlank() ? null : URI.create(url + "?dc=" + dc);
        this.dc = dc;
        if (this.url == null) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "site-lease-" + dc);
            t.setDaemon(true);
            return t;
        });
        timer.execute(this::renew);
    }

    /** Whether this data center may write now. */
    public boolean writable() {
        return url == null || System.nanoTime() - writableUntilNanos < 0;
    }

    /** The traffic manager's epoch at the last renewal: it changes at every switch. */
    public long epoch() {
        return epoch;
    }

    /** Renews, and comes back four times a lease (as the last answer gave it). */
    private void renew() {
        try {
            renewOnce();
        } finally {
            try {
                timer.schedule(this::renew, Math.max(50, periodMs), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closing
            }
        }
    }

    private void renewOnce() {
        long sent = System.nanoTime();
        try {
            // HttpURLConnection: no client threads of its own, which a closing service context would find alive.
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) url.toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            String body;
            try (var in = c.getInputStream()) {
                body = new String(in.readNBytes(256), java.nio.charset.StandardCharsets.US_ASCII);
            }
            String[] f = body.trim().split(" ");
            if (c.getResponseCode() != 200 || f.length != 3) {
                return;
            }
            epoch = Long.parseLong(f[0]);
            long leaseMs = Long.parseLong(f[2]);
            periodMs = leaseMs / 4;
            if (f[1].equals(dc)) {
                writableUntilNanos = sent + TimeUnit.MILLISECONDS.toNanos(leaseMs);
            } else {
                writableUntilNanos = sent; // another site holds it (or nobody, mid-switch): stop at once
            }
        } catch (Exception e) {
            LOG.debug("{}: lease not renewed: {}", dc, e.toString()); // cut off: the lease runs out by itself
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
