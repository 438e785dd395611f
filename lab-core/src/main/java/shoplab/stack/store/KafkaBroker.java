package shoplab.stack.store;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import shoplab.stack.Lifecycle;

import java.util.Map;

/**
 * A real Kafka broker (KRaft, one node) running in this JVM. Its port is always chosen by Kafka; a
 * restart therefore gets a new port, which is why the services read the bootstrap address lazily.
 */
public final class KafkaBroker implements Lifecycle {

    static {
        // The embedded broker deletes its folder from a shutdown hook of Kafka's own; it must not run while the
        // lab's hook is still stopping the broker (a hundred lines of missing files on Ctrl-C). Stopping deletes
        // the folder anyway; the hook stays as the fallback for a JVM that ends with a stack still up.
        org.apache.kafka.common.utils.Exit.setShutdownHookAdder((name, runnable) ->
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    shoplab.stack.OpenStacks.awaitNone(15_000);
                    runnable.run();
                }, name)));
    }

    private final String name;
    private final String[] topics;
    private EmbeddedKafkaKraftBroker broker;

    public KafkaBroker(String name, String... topics) {
        this.name = name;
        this.topics = topics;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        if (broker != null) {
            return;
        }
        EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, 1, topics);
        b.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0"));
        // Kafka's storage formatter prints to System.out; the CLI's stdout is for results only. One broker
        // at a time swaps the stream (data centers boot their brokers in parallel).
        synchronized (KafkaBroker.class) {
            java.io.PrintStream out = System.out;
            System.setOut(System.err);
            try {
                b.afterPropertiesSet();
            } finally {
                System.setOut(out);
            }
        }
        broker = b;
    }

    public synchronized String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return broker.getBrokersAsString();
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            try {
                broker.destroy();
            } finally {
                broker = null;
            }
        }
    }

    @Override
    public synchronized boolean isUp() {
        return broker != null;
    }

    @Override
    public synchronized int port() {
        if (broker == null) {
            return -1;
        }
        String s = broker.getBrokersAsString();
        return Integer.parseInt(s.substring(s.lastIndexOf(':') + 1).split(",")[0]);
    }
}
