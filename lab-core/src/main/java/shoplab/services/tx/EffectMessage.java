package shoplab.services.tx;

import java.util.Map;

/**
 * A purchase's decided effect on one participant, as async-ensured and transactional messages deliver it:
 * {@code {id, purchaseId, participant: stock|coupon, op: confirm|cancel}} on {@link #TOPIC}, keyed by purchase.
 */
public record EffectMessage(String id, String purchaseId, String participant, String op) {

    public static final String TOPIC = "tx-effects";
    /** Transactional messages' half messages and their COMMIT / ROLLBACK / DONE marks (RocketMQ's two system topics). */
    public static final String HALF_TOPIC = "tx-half";
    public static final String OP_TOPIC = "tx-op";

    public Map<String, String> body() {
        return Map.of("id", id, "purchaseId", purchaseId, "participant", participant, "op", op);
    }
}
