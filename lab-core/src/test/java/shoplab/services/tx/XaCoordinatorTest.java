package shoplab.services.tx;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shoplab.services.tx.XaCoordinator.CoordinatorCrashed;
import shoplab.services.tx.XaCoordinator.Recovered;
import shoplab.stack.store.MariaDbNode;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Real two-phase commit on a real MariaDB: two participants (databases a and b of one server), Narayana
 * coordinating, and a coordinator crash between prepare and commit that leaves prepared branches, locks
 * included, which Narayana's recovery (a restarted coordinator on the same log) commits.
 */
class XaCoordinatorTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    private static MariaDbNode node;
    private static XaBranches a;
    private static XaBranches b;

    @BeforeAll
    static void startDatabase() throws Exception {
        node = new MariaDbNode("db", dir.resolve("db"));
        node.start();
        for (String db : List.of("a", "b")) {
            node.createDatabase(db);
            try (Connection c = connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t(id VARCHAR(64) PRIMARY KEY, n INT)");
            }
        }
        a = new XaBranches(node.jdbcUrl(node.port(), "a"), node.user(), node.password());
        b = new XaBranches(node.jdbcUrl(node.port(), "b"), node.user(), node.password());
    }

    @AfterAll
    static void stopDatabase() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void commitsBothBranchesOrNeither() throws Exception {
        try (XaCoordinator coordinator = new XaCoordinator(dir.resolve("log-commit"))) {
            writeBoth(coordinator, "both");
            assertThat(rows("a", "both")).isEqualTo(1);
            assertThat(rows("b", "both")).isEqualTo(1);

            assertThatThrownBy(() -> coordinator.inTransaction(enlist -> {
                insert(enlisted(enlist, a), "neither");
                insert(enlisted(enlist, b), "neither");
                throw new IllegalStateException("the work failed");
            })).hasMessage("the work failed");
            assertThat(rows("a", "neither")).isZero();
            assertThat(rows("b", "neither")).isZero();

            // A branch that changed nothing votes read-only: MariaDB would answer XA_RBROLLBACK to its commit.
            coordinator.inTransaction(enlist -> {
                insert(enlisted(enlist, a), "reader");
                try (Statement s = enlisted(enlist, b).connection().createStatement()) {
                    s.executeQuery("SELECT count(*) FROM t").close();
                }
                return null;
            });
            assertThat(rows("a", "reader")).isEqualTo(1);

            assertThat(a.inDoubt()).isZero();
            assertThat(b.inDoubt()).isZero();
            assertThat(coordinator.logs()).as("finished transactions leave no log").isZero();
        }
    }

    @Test
    void aCrashBetweenPrepareAndCommitIsRecoveredFromTheLog() throws Exception {
        Path log = dir.resolve("log-crash");
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            XaCoordinator crashing = new XaCoordinator(log);
            try {
                crashing.holdAfterPrepare(true);
                Future<String> first = callers.submit(() -> writeBoth(crashing, "held-1"));
                Future<String> second = callers.submit(() -> writeBoth(crashing, "held-2"));
                await().atMost(WAIT).until(() -> crashing.held() == 2);

                assertThat(a.inDoubt()).as("prepared in a").isEqualTo(2);
                assertThat(b.inDoubt()).as("prepared in b").isEqualTo(2);
                assertThat(crashing.logs()).as("the decision is logged before phase 2").isEqualTo(2);
                try (Connection c = connect("a"); Statement s = c.createStatement()) {
                    s.execute("SET innodb_lock_wait_timeout = 1");
                    assertThatThrownBy(() -> s.executeUpdate("UPDATE t SET n = n + 1 WHERE id = 'held-1'"))
                            .as("a prepared branch holds its locks").isInstanceOf(SQLException.class)
                            .hasMessageContaining("Lock wait timeout");
                }

                crashing.crash();
                for (Future<String> f : List.of(first, second)) {
                    assertThatThrownBy(() -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CoordinatorCrashed.class);
                }
                assertThat(rows("a", "held-1") + rows("a", "held-2") + rows("b", "held-1") + rows("b", "held-2"))
                        .as("no branch committed").isZero();
                assertThat(a.inDoubt()).isEqualTo(2);
                assertThat(b.inDoubt()).isEqualTo(2);
                assertThatThrownBy(() -> writeBoth(crashing, "after")).isInstanceOf(IllegalStateException.class);
            } finally {
                crashing.close();
            }

            try (XaCoordinator restarted = new XaCoordinator(log)) {
                restarted.addRecoverable("a", a::resource);
                restarted.addRecoverable("b", b::resource);
                Recovered r = restarted.recover();
                assertThat(r).isEqualTo(new Recovered(4, 0, 2, 0, List.of()));
                assertThat(a.inDoubt()).isZero();
                assertThat(b.inDoubt()).isZero();
                for (String db : List.of("a", "b")) {
                    assertThat(rows(db, "held-1") + rows(db, "held-2")).as("committed in " + db).isEqualTo(2);
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void recoveryRollsBackAnOrphanOfItsNodeOnly() throws Exception {
        try (XaCoordinator coordinator = new XaCoordinator(dir.resolve("log-orphan"))) {
            coordinator.addRecoverable("a", a::resource);
            coordinator.addRecoverable("b", b::resource);
            // Prepared with no coordinator log; Narayana only touches Xids of its format and node name.
            Xid orphan = coordinator.newXid();
            try (PreparedStatement ps = a.begin(orphan).prepareStatement("INSERT INTO t VALUES ('orphan', 1)")) {
                ps.executeUpdate();
            }
            assertThat(a.prepare(XaBranches.fromText(XaBranches.toText(orphan)))).as("by its text form").isEqualTo(XAResource.XA_OK);
            Xid foreign = new XaBranches.XidValue(42, "another-tm".getBytes(StandardCharsets.UTF_8), new byte[] {1});
            try (PreparedStatement ps = b.begin(foreign).prepareStatement("INSERT INTO t VALUES ('foreign', 1)")) {
                ps.executeUpdate();
            }
            b.prepare(foreign);
            assertThat(a.inDoubt()).isEqualTo(1);
            assertThat(Arrays.asList(a.recover())).containsExactly(XaBranches.XidValue.of(orphan));

            Recovered r = coordinator.recover();
            assertThat(r.inDoubtBefore()).isEqualTo(2);
            assertThat(r.inDoubtAfter()).as("another coordinator's branch is left alone").isEqualTo(1);
            assertThat(a.inDoubt()).isZero();
            assertThat(rows("a", "orphan")).as("presumed abort").isZero();

            b.rollback(foreign);
            assertThat(b.inDoubt()).isZero();
        }
    }

    @Test
    void closeStopsNarayanaAndAnotherLogWorks() throws Exception {
        ExecutorService callers = Executors.newSingleThreadExecutor();
        try {
            for (String log : List.of("log-one", "log-two")) {
                XaCoordinator coordinator = new XaCoordinator(dir.resolve(log));
                try {
                    assertThatThrownBy(() -> new XaCoordinator(dir.resolve("log-three")))
                            .as("one coordinator at a time").isInstanceOf(IllegalStateException.class);
                    coordinator.addRecoverable("a", a::resource);
                    coordinator.addRecoverable("b", b::resource);
                    writeBoth(coordinator, log);
                    assertThat(narayanaThreads()).as("the reaper runs").isNotEmpty();

                    // The crashed transaction's log is in this coordinator's directory, and recovery finds it there.
                    coordinator.holdAfterPrepare(true);
                    Future<String> held = callers.submit(() -> writeBoth(coordinator, log + "-held"));
                    await().atMost(WAIT).until(() -> coordinator.held() == 1);
                    coordinator.crash();
                    assertThatThrownBy(() -> held.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause().isInstanceOf(CoordinatorCrashed.class);
                    assertThat(coordinator.recover()).isEqualTo(new Recovered(2, 0, 1, 0, List.of()));
                    assertThat(rows("a", log + "-held") + rows("b", log + "-held")).isEqualTo(2);
                } finally {
                    coordinator.close();
                }
                await().atMost(WAIT).until(() -> narayanaThreads().isEmpty());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    // ---- helpers ----

    private static String writeBoth(XaCoordinator coordinator, String id) throws Exception {
        return coordinator.inTransaction(enlist -> {
            insert(enlisted(enlist, a), id);
            insert(enlisted(enlist, b), id);
            return id;
        });
    }

    private static XaBranches.Resource enlisted(java.util.function.Consumer<XAResource> enlist, XaBranches branches) {
        XaBranches.Resource r = branches.resource();
        enlist.accept(r);
        return r;
    }

    private static void insert(XaBranches.Resource branch, String id) throws SQLException {
        try (PreparedStatement ps = branch.connection().prepareStatement("INSERT INTO t (id, n) VALUES (?, 1)")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(node.jdbcUrl(node.port(), db), node.user(), node.password());
    }

    /** Committed rows with this id (a plain read: a prepared branch's rows are not visible). */
    private static int rows(String db, String id) throws SQLException {
        try (Connection c = connect(db); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM t WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Live threads that are Narayana's, by name or by running its code. */
    private static List<String> narayanaThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().isAlive())
                .filter(e -> e.getKey().getName().matches("Transaction Reaper.*|Periodic Recovery|RecoveryManagerScanThread|Listener:.*|Narayana-.*")
                        || Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("com.arjuna.")))
                .map(e -> e.getKey().getName())
                .toList();
    }
}
