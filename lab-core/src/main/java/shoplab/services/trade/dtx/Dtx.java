package shoplab.services.trade.dtx;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import shoplab.services.trade.Downstream;
import shoplab.services.trade.TradeApp;
import shoplab.services.tx.XaBranches;
import shoplab.services.tx.XaCoordinator;
import tools.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trade service's distributed purchase, wired for the run's strategy: the purchase rows, the participants,
 * the fault windows and the midpoint, the strategy, and its repair job. Closing it is the coordinator's death
 * as far as its purchases go: those waiting at the midpoint never go on.
 */
@Component
public class Dtx implements AutoCloseable {

    /** The strategy ({@link DistributedTxMechanism}); default {@code tcc}. */
    public static final String STRATEGY = "shoplab.trade.dtx-strategy";
    /** Where 2PC's transaction manager keeps its log: the same folder across a restart. Required by 2pc. */
    public static final String TX_LOG_DIR = "shoplab.trade.tx-log-dir";
    /** How long a participant has to answer one move, ms (default 2000). */
    public static final String ANSWER_WITHIN_MS = "shoplab.trade.dtx-answer-within-ms";

    private final String name;
    private final Purchases purchases;
    private final LabWindows windows;
    private final Midpoint midpoint;
    private final Participants participants;
    private final PurchaseStrategy strategy;
    private final DtxJobs jobs;
    private final List<AutoCloseable> parts = new ArrayList<>();

    public Dtx(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json,
               @Value("${" + STRATEGY + ":tcc}") String strategy,
               @Value("${" + TradeApp.INVENTORY_URL + "}") String inventoryUrl,
               @Value("${" + TradeApp.COUPON_URL + "}") String couponUrl,
               @Value("${" + TradeApp.KAFKA_BOOTSTRAP + ":}") String kafka,
               @Value("${" + TX_LOG_DIR + ":}") String txLogDir,
               @Value("${" + ANSWER_WITHIN_MS + ":2000}") long answerWithinMs,
               @Value("${spring.datasource.url}") String url,
               @Value("${spring.datasource.username:}") String user,
               @Value("${spring.datasource.password:}") String password) {
        this.name = strategy;
        this.purchases = new Purchases(jdbc);
        this.windows = new LabWindows();
        this.midpoint = new Midpoint(windows);
        Timeout within = Timeout.ofMilliseconds(answerWithinMs);
        this.participants = own(new Participants(new Downstream("stock", inventoryUrl, json, within),
                new Downstream("coupon", couponUrl, json, within), windows));
        this.strategy = switch (DistributedTxMechanism.resolve(strategy).base()) { // a mutant's safeguard is the participants'

            case DistributedTxMechanism.NONE -> new NoUndo(purchases, participants, midpoint);
            case DistributedTxMechanism.TCC -> new Tcc(purchases, participants, midpoint);
            case DistributedTxMechanism.ASYNC_ENSURED -> new AsyncEnsured(purchases, participants, midpoint, tx, relay(kafka, json));
            case DistributedTxMechanism.TX_MESSAGE -> txMessage(kafka, json);
            case DistributedTxMechanism.TWO_PC -> twoPhase(txLogDir, url, user, password);
            default -> throw new IllegalArgumentException(STRATEGY + ": unknown strategy '" + strategy + "' (known: "
                    + String.join(", ", new DistributedTxMechanism().strategyNames()) + ")");
        };
        own(strategy());
        this.jobs = own(new DtxJobs(this.strategy));
        if (purchases.pending() > 0 || this.strategy.leftOver()) {
            jobs.start();
        }
    }

    private <T extends AutoCloseable> T own(T part) {
        parts.add(0, part); // closed in reverse order of creation
        return part;
    }

    private EffectRelay relay(String kafka, ObjectMapper json) {
        if (kafka.isBlank()) {
            throw new IllegalStateException(name + " sends effect messages: the trade service needs " + TradeApp.KAFKA_BOOTSTRAP);
        }
        return own(new EffectRelay(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                new StringSerializer(), new StringSerializer()), json, windows));
    }

    private TxMessage txMessage(String kafka, ObjectMapper json) {
        EffectRelay relay = relay(kafka, json);
        TxMessage s = new TxMessage(purchases, participants, midpoint, relay, json);
        HalfMessages broker = own(new HalfMessages(new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000),
                new StringDeserializer(), new StringDeserializer()), relay, json, s::checkBack));
        s.broker(broker);
        broker.start();
        return s;
    }

    private TwoPhaseCommit twoPhase(String txLogDir, String url, String user, String password) {
        if (!url.startsWith("jdbc:mariadb:")) {
            throw new IllegalStateException("2pc needs the trade's database on MariaDB (XA branches that outlive their connection)");
        }
        if (txLogDir.isBlank()) {
            throw new IllegalStateException("2pc needs " + TX_LOG_DIR + ": the transaction manager's log must survive a restart");
        }
        XaBranches own = new XaBranches(url, user, password);
        return new TwoPhaseCommit(purchases, participants, new XaCoordinator(Path.of(txLogDir)), own);
    }

    String name() {
        return name;
    }

    Purchases purchases() {
        return purchases;
    }

    /** Opens or closes one of the lab's windows; the hold acts at once (not at the repair's next period). */
    void window(String kind, boolean open) {
        windows.set(kind, open);
        if (kind.equals(LabWindows.HOLD)) {
            strategy.hold(open);
            if (!open) {
                midpoint.release();
            }
        }
    }

    /** Purchases held half done now: at the midpoint, or (2PC) prepared and waiting for phase 2. */
    int held() {
        return midpoint.waiting() + strategy.held();
    }

    /**
     * Waits, {@code withinMs} at most, until the hold window holds a purchase, so the kill that follows it in a
     * fault plan strikes one half done instead of hoping to (on a loaded machine a purchase can take longer to reach
     * its midpoint than the plan leaves between the open and the kill).
     *
     * @return how many it holds (0: none arrived in time)
     */
    int awaitHeld(long withinMs) throws InterruptedException {
        long deadline = System.nanoTime() + withinMs * 1_000_000;
        while (held() == 0 && windows.open(LabWindows.HOLD) && System.nanoTime() < deadline) {
            Thread.sleep(10); // a condition polled, bounded: the purchases arrive on their own threads
        }
        return held();
    }

    PurchaseStrategy strategy() {
        return strategy;
    }

    /** A purchase: the strategy's, with its repair running from now on. */
    PurchaseStrategy.Outcome purchase(Purchase p) {
        jobs.start();
        return strategy.run(p);
    }

    /**
     * The service is going down (a kill is a stop to the lab): the purchases waiting half done die now, before
     * the web server waits for its threads, as a killed process's would.
     */
    @EventListener(ContextClosedEvent.class)
    public void dying() {
        midpoint.crash();
        if (strategy instanceof TwoPhaseCommit twoPc) {
            twoPc.crash();
        }
    }

    @Override
    public void close() {
        dying();
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                // closing: the rest must close too
            }
        }
    }
}
