package shoplab.services.tx;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.common.Migrations;
import shoplab.services.common.Safeguards;
import shoplab.services.common.SiteLease;
import tools.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.util.Map;

/**
 * What makes a service a participant of the distributed purchase ({@code @Import} it): its holds in its own
 * database, the moves over HTTP ({@link TxController}), XA branches when the database is MariaDB, and the
 * consumer of the effect messages when the stack gives it Kafka.
 */
@Configuration
@Import(TxController.class)
public class TxParticipant {

    /** {@code stock} or {@code coupon}: which effect messages are this participant's. Required. */
    public static final String NAME = "shoplab.tx.participant";
    /** The Kafka bootstrap servers of the effect messages (async-ensured, tx-message); none: no consumer. */
    public static final String KAFKA_BOOTSTRAP = "shoplab.tx.kafka";
    /** The safeguard a mutant runs without ({@code fence}); none by default. */
    public static final String SAFEGUARD_OFF = "shoplab.tx.safeguard-off";

    @Bean
    Holds holds(DataSource ds, @Value("${" + SAFEGUARD_OFF + ":}") String off) {
        Migrations.migrate(ds, "db/tx", "tx_schema_history");
        return new Holds(new Safeguards(off.isBlank() ? null : off).requireKnown("a participant", Holds.SAFEGUARDS));
    }

    @Bean
    LockTimes lockTimes() {
        return new LockTimes();
    }

    @Bean(destroyMethod = "close")
    AutoCloseable effectConsumer(@Value("${" + NAME + ":participant}") String name, @Value("${" + KAFKA_BOOTSTRAP + ":}") String kafka,
                                 Holds holds, JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json,
                                 SiteLease lease, LockTimes locks) {
        if (kafka.isBlank()) {
            return () -> { };
        }
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "tx-" + name,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500),
                new StringDeserializer(), new StringDeserializer());
        EffectConsumer c = new EffectConsumer(name, consumer, lease, holds, jdbc, tx, json, locks);
        c.start();
        return c;
    }
}
