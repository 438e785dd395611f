package shoplab.services.trade.dtx;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import shoplab.services.tx.EffectMessage;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends effect messages to the participants ({@link EffectMessage#TOPIC}) and waits for the broker's ack.
 * In the lab's {@code duplicate} window every message goes twice, the copies in reverse order (a producer's
 * retry after a lost ack, delivered out of order); in the {@code broker-down} window nothing reaches Kafka.
 */
final class EffectRelay implements AutoCloseable {

    /** Kafka could not be reached or did not ack: the sender keeps what it owes and tries again. */
    static final class NotSent extends Exception {
        NotSent(String message) {
            super(message);
        }
    }

    private final Producer<String, String> producer;
    private final ObjectMapper json;
    private final LabWindows windows;

    EffectRelay(Producer<String, String> producer, ObjectMapper json, LabWindows windows) {
        this.producer = producer;
        this.json = json;
        this.windows = windows;
    }

    void send(List<EffectMessage> messages) throws NotSent {
        send(EffectMessage.TOPIC, messages.stream().map(m -> new Keyed(m.purchaseId(), json.writeValueAsString(m.body()))).toList());
    }

    record Keyed(String key, String value) {
    }

    /** Any topic's records, acked by the broker when this returns. */
    void send(String topic, List<Keyed> records) throws NotSent {
        if (windows.open(LabWindows.BROKER_DOWN)) {
            throw new NotSent("Kafka is unreachable (the broker-down window)");
        }
        List<Keyed> out = new ArrayList<>(records);
        if (windows.open(LabWindows.DUPLICATE)) {
            List<Keyed> copies = new ArrayList<>(records);
            Collections.reverse(copies);
            out.addAll(copies);
        }
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        try {
            for (Keyed r : out) {
                acks.add(producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSent("interrupted");
        } catch (Exception e) {
            throw new NotSent("Kafka did not ack: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(2));
    }
}
