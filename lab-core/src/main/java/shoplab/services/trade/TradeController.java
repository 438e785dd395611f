package shoplab.services.trade;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import shoplab.services.common.ApiError;

import java.util.Map;

/**
 * The trade API: checkout, pay, the provider's notices, one order, and what the lab reads (metrics,
 * snapshot). Bad input is a 4xx JSON error and changes nothing.
 */
@RestController
public class TradeController {

    private final Checkout checkout;
    private final Payments payments;
    private final Notices notices;
    private final TradeViews views;

    TradeController(Checkout checkout, Payments payments, Notices notices, TradeViews views) {
        this.checkout = checkout;
        this.payments = payments;
        this.notices = notices;
        this.views = views;
    }

    @PostMapping("/api/trade/orders")
    public ResponseEntity<Map<String, Object>> place(@RequestBody Checkout.Request r) {
        return ResponseEntity.status(HttpStatus.CREATED).body(checkout.place(r));
    }

    @PostMapping("/api/trade/orders/{orderId}/pay")
    public Map<String, Object> pay(@PathVariable("orderId") String orderId) {
        return payments.pay(orderId);
    }

    @GetMapping("/api/trade/orders/{orderId}")
    public Map<String, Object> order(@PathVariable("orderId") String orderId) {
        ApiError.requireKey("orderId", orderId);
        Map<String, Object> o = views.order(orderId);
        if (o == null) {
            throw new ApiError.Rejected(HttpStatus.NOT_FOUND, "UNKNOWN_ORDER", "no such order: " + orderId);
        }
        return o;
    }

    /** The provider's callback; the body is read raw so a malformed notice is logged as rejected, not lost. */
    @PostMapping("/api/trade/notify/{channel}")
    public ResponseEntity<String> notify(@PathVariable("channel") String channel,
                                         @RequestBody(required = false) String body) {
        return notices.handle(channel, body);
    }

    @GetMapping("/internal/trade/metrics")
    public Map<String, Object> metrics() {
        return views.metrics();
    }

    @GetMapping("/internal/trade/snapshot")
    public Map<String, Object> snapshot() {
        return views.snapshot();
    }
}
