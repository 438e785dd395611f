package shoplab.services.trade.dtx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.services.trade.Downstream;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The purchase's two participants over HTTP: {@code stock} (the inventory service) and {@code coupon}, each
 * with the moves of {@code /internal/tx}. A move either answers (done, replayed, voided, too late) or fails
 * ({@link Failed}: refused, or no answer in time); the strategy decides what a failure means.
 */
final class Participants implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Participants.class);

    static final String STOCK = "stock";
    static final String COUPON = "coupon";
    /** How late a late try reaches the coupon service: well after the coordinator gave up on it. */
    static final long LATE_BY_MS = 1500;

    /** A move that did not happen as asked: refused (a 4xx, e.g. no free unit) or unanswered (it may have happened). */
    static final class Failed extends Exception {
        final boolean refused;

        Failed(String message, boolean refused) {
            super(message);
            this.refused = refused;
        }
    }

    private final Map<String, Downstream> services;
    private final LabWindows windows;
    private final ScheduledExecutorService late = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dtx-late-tries");
        t.setDaemon(true);
        return t;
    });

    Participants(Downstream stock, Downstream coupon, LabWindows windows) {
        this.services = Map.of(STOCK, stock, COUPON, coupon);
        this.windows = windows;
    }

    Downstream service(String participant) {
        return services.get(participant);
    }

    /** The participants a purchase touches, stock first. */
    static List<String> of(Purchase p) {
        return p.hasCoupon() ? List.of(STOCK, COUPON) : List.of(STOCK);
    }

    static String key(String participant, Purchase p) {
        return participant.equals(STOCK) ? p.sku() : p.couponCode();
    }

    /**
     * A first move ({@code plain/reserve} or {@code tcc/try}); in the late-try window the coupon's is sent only
     * {@link #LATE_BY_MS} later and this purchase sees it time out, as a request stuck in a slow network would.
     */
    String reserve(String mode, String participant, Purchase p) throws Failed {
        String path = "/internal/tx/" + mode + "/" + (mode.equals("tcc") ? "try" : "reserve");
        Map<String, Object> body = body(p.id(), key(participant, p));
        if (participant.equals(COUPON) && windows.open(LabWindows.LATE_TRY)) {
            late.schedule(() -> {
                try {
                    services.get(participant).post(path, body);
                } catch (IOException e) {
                    LOG.debug("late try of {} not delivered: {}", p.id(), e.toString());
                }
            }, LATE_BY_MS, TimeUnit.MILLISECONDS);
            throw new Failed(participant + " did not answer in time (the late-try window)", false);
        }
        return move(participant, path, body);
    }

    /** A second move: {@code plain|tcc} {@code confirm|cancel}. */
    String settle(String mode, String participant, String purchaseId, boolean confirm) throws Failed {
        return move(participant, "/internal/tx/" + mode + "/" + (confirm ? "confirm" : "cancel"), body(purchaseId, null));
    }

    String move(String participant, String path, Map<String, Object> body) throws Failed {
        Downstream to = services.get(participant);
        try {
            Downstream.Answer a = to.post(path, body);
            if (a.ok()) {
                return a.body().path("result").asString("DONE");
            }
            throw new Failed(participant + " " + path + ": " + a.status() + " " + a.error() + " " + a.message(),
                    a.status() >= 400 && a.status() < 500);
        } catch (IOException e) {
            throw new Failed(participant + " " + path + " unanswered: " + e.getMessage(), false);
        }
    }

    static Map<String, Object> body(String purchaseId, String key) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("purchaseId", purchaseId);
        if (key != null) {
            b.put("key", key);
        }
        return b;
    }

    @Override
    public void close() {
        late.shutdownNow();
    }
}
