package shoplab.services.common;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * A queue's consumer that applies each poll's records to a store, then commits the offsets: delivery at least
 * once, so what it applies must count once however often it arrives (its subclass's job). One named daemon
 * thread; a fenced or standby data center's consumer leaves the records in the queue until it may write; a
 * store briefly unreachable is retried ({@link Retry}) rather than the batch dropped.
 */
public abstract class QueueConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);

    protected final Consumer<String, String> consumer;
    private final SiteLease lease;
    private final List<String> topics;
    private final Thread thread;
    private volatile boolean running = true;

    protected QueueConsumer(String name, Consumer<String, String> consumer, SiteLease lease, List<String> topics) {
        this.consumer = consumer;
        this.lease = lease;
        this.topics = List.copyOf(topics);
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        consumer.subscribe(topics);
        thread.start();
    }

    /** One poll's records into the store; the offsets are committed once it returns. */
    protected abstract void apply(ConsumerRecords<String, String> records);

    /** After the offsets of these records were committed. */
    protected void committed(ConsumerRecords<String, String> records) {
    }

    /** After every poll, with records or without, on the consumer's thread. */
    protected void polled() {
    }

    protected boolean running() {
        return running;
    }

    /**
     * What the broker holds beyond this consumer's position on {@code topic}'s partitions it reads (call it on
     * the consumer's thread, from {@link #polled}); null while none is assigned (not known yet).
     */
    protected Long lag(String topic) {
        java.util.Set<org.apache.kafka.common.TopicPartition> mine = new java.util.HashSet<>();
        consumer.assignment().stream().filter(tp -> tp.topic().equals(topic)).forEach(mine::add);
        if (mine.isEmpty()) {
            return null;
        }
        long lag = 0;
        for (java.util.Map.Entry<org.apache.kafka.common.TopicPartition, Long> end : consumer.endOffsets(mine, Duration.ofSeconds(5)).entrySet()) {
            lag += Math.max(0, end.getValue() - consumer.position(end.getKey(), Duration.ofSeconds(5)));
        }
        return lag;
    }

    private void loop() {
        try {
            while (running) {
                if (!lease.writable()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                    continue;
                }
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    Retry.whileRunning(this::running, () -> apply(records));
                    consumer.commitSync(Duration.ofSeconds(10));
                    committed(records);
                }
                polled();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("{} stopped: {}", thread.getName(), e.toString());
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
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
    }
}
