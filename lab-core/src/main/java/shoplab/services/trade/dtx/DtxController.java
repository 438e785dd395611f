package shoplab.services.trade.dtx;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import shoplab.services.common.ApiError;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The distributed purchase: {@code POST /api/trade/purchases} (public), and what the lab reads and sets under
 * {@code /internal/dtx}: the rows and what is unfinished, and the run's fault windows.
 */
@RestController
class DtxController {

    record PurchaseRequest(String purchaseId, String userId, String sku, String couponCode, Boolean payOk) {
    }

    private final Dtx dtx;

    DtxController(Dtx dtx) {
        this.dtx = dtx;
    }

    @PostMapping("/api/trade/purchases")
    ResponseEntity<Map<String, Object>> purchase(@RequestBody PurchaseRequest r) {
        if (r == null) {
            throw bad("MISSING_BODY", "send {purchaseId, userId, sku, couponCode?, payOk}");
        }
        if (r.payOk() == null) {
            throw bad("MISSING_PAY_OK", "payOk says how the payment ends: true or false");
        }
        Purchase p = new Purchase(ApiError.requireKey("purchaseId", r.purchaseId()), ApiError.requireKey("userId", r.userId()),
                ApiError.requireKey("sku", r.sku()), r.couponCode() == null ? null : ApiError.requireKey("couponCode", r.couponCode()),
                r.payOk());
        if (dtx.purchases().exists(p.id())) {
            throw new ApiError.Rejected(HttpStatus.CONFLICT, "REPLAYED_PURCHASE", "purchase " + p.id() + " was asked before");
        }
        PurchaseStrategy.Outcome o = dtx.purchase(p);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purchaseId", p.id());
        body.put("status", o.status());
        if (o.reason() != null) {
            body.put("reason", o.reason());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    record Window(Boolean open) {
    }

    /** How long opening the hold waits for it to hold a purchase. */
    static final long HOLD_CATCHES_WITHIN_MS = 10_000;

    /**
     * Opens or closes one of the coordinator's fault windows ({@link LabWindows}): what the lab's faults call.
     * Opening the hold answers once it holds a purchase ({@code held}), {@link #HOLD_CATCHES_WITHIN_MS} at most.
     */
    @PostMapping("/internal/lab/windows/{kind}")
    Map<String, Object> window(@PathVariable("kind") String kind, @RequestBody Window w) throws InterruptedException {
        if (!LabWindows.KINDS.contains(kind)) {
            throw new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_WINDOW", "the trade's windows are " + LabWindows.KINDS);
        }
        if (w == null || w.open() == null) {
            throw bad("MISSING_OPEN", "send {open: true|false}");
        }
        dtx.window(kind, w.open());
        if (w.open() && kind.equals(LabWindows.HOLD)) {
            int held = dtx.awaitHeld(HOLD_CATCHES_WITHIN_MS);
            return Map.of("window", kind, "open", true, "held", held,
                    "did", held > 0 ? "opened, holding " + held : "opened; nothing reached it within its wait (no load?)");
        }
        return Map.of("window", kind, "open", w.open());
    }

    @GetMapping("/internal/dtx/state")
    Map<String, Object> state() {
        Map<String, Object> out = new LinkedHashMap<>(stats());
        out.put("purchases", dtx.purchases().all());
        return out;
    }

    /** Cheap enough to sample four times a second. */
    @GetMapping("/internal/dtx/stats")
    Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("strategy", dtx.name());
        out.put("pendingPurchases", dtx.purchases().pending());
        out.put("held", dtx.held());
        out.putAll(dtx.strategy().unfinished());
        return out;
    }

    private static ApiError.Rejected bad(String code, String message) {
        return new ApiError.Rejected(HttpStatus.BAD_REQUEST, code, message);
    }
}
