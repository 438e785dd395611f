package shoplab.services.tx;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.QueueConsumer;
import shoplab.services.common.SiteLease;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * The effect messages of async-ensured and transactional messages ({@link EffectMessage#TOPIC}), applied to
 * this participant's holds: a confirm or a cancel per purchase, each once however often and in whatever
 * order it comes (the hold's state decides; a repeat is absorbed), offsets committed after the database.
 */
final class EffectConsumer extends QueueConsumer {

    private final String participant;
    private final Holds holds;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final LockTimes locks;

    EffectConsumer(String participant, Consumer<String, String> consumer, SiteLease lease, Holds holds, JdbcTemplate jdbc,
                   TransactionTemplate tx, ObjectMapper json, LockTimes locks) {
        super("tx-effects-" + participant, consumer, lease, List.of(EffectMessage.TOPIC));
        this.participant = participant;
        this.holds = holds;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.locks = locks;
        holds.queueLag.set(-1); // not known until the broker assigns partitions: not quiet
    }

    @Override
    protected void polled() {
        Long lag = lag(EffectMessage.TOPIC);
        holds.queueLag.set(lag == null ? -1 : lag);
    }

    @Override
    protected void apply(ConsumerRecords<String, String> records) {
        holds.queueLag.set(-1); // applying: not quiet until polled() measures again
        for (ConsumerRecord<String, String> r : records) {
            JsonNode m = json.readTree(r.value());
            if (!participant.equals(m.path("participant").asString(""))) {
                continue;
            }
            String purchase = m.path("purchaseId").asString();
            boolean confirm = "confirm".equals(m.path("op").asString());
            TxController.locally(tx, locks, () -> confirm ? holds.confirm(jdbc, purchase) : holds.cancel(jdbc, purchase));
        }
    }
}
