package shoplab.services.trade.dtx;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.services.tx.EffectMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The broker's half of transactional messages, RocketMQ's protocol on Kafka (RocketMQ's broker is not run in
 * this process): a producer sends a half message to {@link #HALF} (held, not delivered), runs its local
 * transaction, then sends COMMIT or ROLLBACK to {@link #OP}. On COMMIT the half's effect messages are delivered
 * to the participants and a DONE mark follows on {@link #OP}; a half left undecided past {@link #CHECK_AFTER_MS}
 * is checked back with the producer ({@code checkBack}: COMMIT, ROLLBACK or UNKNOWN, asked again later). Its
 * state is the two topics, read from the beginning when it starts, so a restart loses nothing: a COMMIT without
 * its DONE is delivered again (the participants absorb the repeat). It runs beside the trade service, the
 * producer group's only member, and dies with it.
 */
final class HalfMessages implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HalfMessages.class);

    static final String HALF = EffectMessage.HALF_TOPIC;
    static final String OP = EffectMessage.OP_TOPIC;
    static final long CHECK_AFTER_MS = 1000;

    /** A held half: its transaction id, its effect messages, when it came, what was decided. */
    private static final class Half {
        final List<EffectMessage> effects = new ArrayList<>();
        long atMs;
        String decision;
        boolean done;
    }

    private final Consumer<String, String> consumer;
    private final EffectRelay relay;
    private final ObjectMapper json;
    private final Function<String, String> checkBack;
    private final Map<String, Half> halves = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long undecided;
    private volatile long checkBacks;

    HalfMessages(Consumer<String, String> consumer, EffectRelay relay, ObjectMapper json, Function<String, String> checkBack) {
        this.consumer = consumer;
        this.relay = relay;
        this.json = json;
        this.checkBack = checkBack;
        this.thread = new Thread(this::loop, "tx-half-messages");
        this.thread.setDaemon(true);
    }

    void start() {
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : List.of(HALF, OP)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread.start();
    }

    /** Half messages neither rolled back nor delivered yet. */
    long undecided() {
        return undecided;
    }

    long checkBacks() {
        return checkBacks;
    }

    private void loop() {
        while (running) {
            try {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    read(r);
                }
                act();
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("half messages: {}", e.toString());
                }
            }
        }
    }

    private void read(ConsumerRecord<String, String> r) {
        JsonNode m = json.readTree(r.value());
        Half h = halves.computeIfAbsent(r.key(), k -> new Half());
        if (r.topic().equals(HALF)) {
            if (h.atMs > 0) {
                return; // the same half sent again (a producer's retry): held once
            }
            h.atMs = m.path("atMs").asLong();
            for (JsonNode e : m.path("effects")) {
                h.effects.add(new EffectMessage(e.path("id").asString(), e.path("purchaseId").asString(),
                        e.path("participant").asString(), e.path("op").asString()));
            }
        } else {
            switch (m.path("op").asString()) {
                case "DONE", "ROLLBACK" -> h.done = true;
                default -> h.decision = "COMMIT";
            }
        }
    }

    /** Delivers what was committed, checks back what waited too long, forgets what is done. */
    private void act() {
        long now = System.currentTimeMillis();
        long open = 0;
        for (var it = halves.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Half h = e.getValue();
            if (h.done) {
                it.remove();
                continue;
            }
            if (h.decision == null && h.atMs > 0 && now - h.atMs > CHECK_AFTER_MS) {
                checkBacks++;
                String answer = checkBack.apply(e.getKey());
                if (!answer.equals("UNKNOWN")) {
                    mark(e.getKey(), answer);
                    h.decision = answer;
                }
            }
            if ("COMMIT".equals(h.decision) && !h.effects.isEmpty()) {
                try {
                    relay.send(h.effects);
                    mark(e.getKey(), "DONE");
                    h.done = true;
                } catch (EffectRelay.NotSent notYet) {
                    LOG.debug("committed half {} not delivered yet: {}", e.getKey(), notYet.getMessage());
                }
            } else if ("ROLLBACK".equals(h.decision)) {
                h.done = true;
            }
            if (!h.done) {
                open++;
            }
        }
        undecided = open;
    }

    private void mark(String txId, String op) {
        try {
            relay.send(OP, List.of(new EffectRelay.Keyed(txId, json.writeValueAsString(Map.of("op", op)))));
        } catch (EffectRelay.NotSent e) {
            LOG.debug("mark {} {} not written: {}", txId, op, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
