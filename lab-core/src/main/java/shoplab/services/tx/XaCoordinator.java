package shoplab.services.tx;

import com.arjuna.ats.arjuna.AtomicAction;
import com.arjuna.ats.arjuna.common.CoordinatorEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.ats.arjuna.common.Uid;
import com.arjuna.ats.arjuna.common.arjPropertyManager;
import com.arjuna.ats.arjuna.common.recoveryPropertyManager;
import com.arjuna.ats.arjuna.coordinator.ActionManager;
import com.arjuna.ats.arjuna.coordinator.BasicAction;
import com.arjuna.ats.arjuna.coordinator.TransactionReaper;
import com.arjuna.ats.arjuna.coordinator.TxControl;
import com.arjuna.ats.arjuna.exceptions.ObjectStoreException;
import com.arjuna.ats.arjuna.objectstore.ObjectStoreAPI;
import com.arjuna.ats.arjuna.objectstore.StoreManager;
import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.arjuna.recovery.RecoveryModule;
import com.arjuna.ats.arjuna.state.InputObjectState;
import com.arjuna.ats.arjuna.state.OutputObjectState;
import com.arjuna.ats.internal.arjuna.common.UidHelper;
import com.arjuna.ats.internal.arjuna.objectstore.ShadowNoFileLockStore;
import com.arjuna.ats.internal.arjuna.recovery.AtomicActionRecoveryModule;
import com.arjuna.ats.internal.jta.recovery.arjunacore.JTAActionStatusServiceXAResourceOrphanFilter;
import com.arjuna.ats.internal.jta.recovery.arjunacore.JTANodeNameXAResourceOrphanFilter;
import com.arjuna.ats.internal.jta.recovery.arjunacore.JTATransactionLogXAResourceOrphanFilter;
import com.arjuna.ats.internal.jta.recovery.arjunacore.RecoveryXids;
import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionImple;
import com.arjuna.ats.jta.common.JTAEnvironmentBean;
import com.arjuna.ats.jta.common.jtaPropertyManager;
import com.arjuna.ats.jta.recovery.SerializableXAResourceDeserializer;
import com.arjuna.ats.jta.recovery.XAResourceRecoveryHelper;
import com.arjuna.ats.jta.xa.XATxConverter;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.jboss.tm.FirstResource;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.SyncFailedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A two-phase-commit coordinator: Narayana's JTA transaction manager, its log under {@code logDir}, and its
 * recovery run on demand ({@link #recover}). A transaction enlists XA resources (participants' branches), does
 * their work, then commits them in two phases; the log record Narayana writes once every branch has prepared
 * is the decision to commit.
 *
 * <p>Narayana is a JVM singleton (environment beans, object store, transaction reaper, recovery manager), so
 * one coordinator is open at a time in the JVM; a next one (a restarted trade service on the same log, or a new
 * stack on another) opens after {@link #close}. What makes that work:
 * <ul>
 *   <li>the beans are set before Narayana first reads them (no transaction status manager: no socket; no
 *       recovery listener; no expiry scanner: no thread) and again at each open (node name, timeout);</li>
 *   <li>the object store is one installed into {@link StoreManager} for the JVM's lifetime ({@link CurrentStore})
 *       that forwards to the open coordinator's log directory: Narayana keeps the store it first gets in static
 *       fields (ActionStatusService, AtomicActionRecoveryModule, TransactionStatusConnectionManager), which a
 *       {@link StoreManager#shutdown()} and a new directory would leave reading the old one (and recovery would
 *       then take a logged transaction for aborted and roll it back);</li>
 *   <li>recovery is a {@link RecoveryManager} in direct management (no thread, no socket) holding fresh modules
 *       per coordinator, whose passes {@link #recover} runs in the caller; it is terminated at close, as is the
 *       transaction reaper (Narayana makes a new one at the next transaction).</li>
 * </ul>
 *
 * <p>The lab's crash seam: with {@link #holdAfterPrepare} on, every transaction stops at the start of phase 2
 * (all branches prepared, the log written), in the commit of a {@link Gate} that Narayana orders before every
 * other resource ({@link FirstResource}). {@link #crash} then leaves what a kill -9 leaves: the log on disk,
 * the branches prepared in the databases, and no memory of the transactions in the transaction manager.
 */
public final class XaCoordinator implements AutoCloseable {

    /** The node name in every Xid this coordinator makes: its recovery rolls back only this node's orphans. */
    public static final String NODE = "shoplab";
    /** A transaction still running after this is rolled back by Narayana's reaper. */
    public static final int TIMEOUT_SECONDS = 10;
    /**
     * At most this many transactions wait at once while held: enough for a kill to find some half done, few enough
     * that the service's request threads stay free for the lab's own calls (the one that ends the hold).
     */
    public static final int HOLD_AT_MOST = 32;
    /** AtomicAction.type(): the log's record type (a literal: constructing one would start Narayana before configure). */
    private static final String ATOMIC_ACTION = "/StateManager/BasicAction/TwoPhaseCoordinator/AtomicAction";

    /** The JVM's one open coordinator. */
    private static XaCoordinator open;
    private static final CurrentStore STORE = new CurrentStore();
    private static boolean storeInstalled;

    private final Path logDir;
    private final TransactionManager tm;
    private final RecoveryManager recovery;
    private final List<RecoveryModule> modules;
    private final XARecoveryModule xaRecovery;
    /** One recovery scan at a time (and none while closing). */
    private final Object scanning = new Object();
    private final Map<String, Recoverable> recoverables = new LinkedHashMap<>();

    // guarded by this
    private boolean hold;
    private boolean crashed;
    private boolean closed;
    private final Set<Uid> held = new HashSet<>();
    private int active;

    /** The work of one transaction: enlists the resources it uses ({@code enlist.accept}), then works through them. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Consumer<XAResource> enlist) throws Exception;
    }

    /**
     * What a transaction's thread gets when its coordinator "died" between prepare and commit: an Error, so that
     * nothing on the way up (Narayana catches Exceptions in phase 2 and would go on committing the other
     * branches) does any more work.
     */
    public static final class CoordinatorCrashed extends Error {
        CoordinatorCrashed(Uid transaction) {
            super("the coordinator crashed between prepare and commit of " + transaction);
        }
    }

    /**
     * What {@link #recover} saw: the branches in doubt across the recoverables and the transactions in the log,
     * before and after; {@code unreachable} names the recoverables that could not be asked.
     */
    public record Recovered(int inDoubtBefore, int inDoubtAfter, int logsBefore, int logsAfter, List<String> unreachable) {
        public int resolved() {
            return inDoubtBefore - inDoubtAfter;
        }
    }

    public XaCoordinator(Path logDir) {
        synchronized (XaCoordinator.class) {
            if (open != null) {
                throw new IllegalStateException("a 2PC coordinator is already open in this JVM (log " + open.logDir
                        + "): one per process, close it first");
            }
            this.logDir = logDir;
            configure();
            installStore();
            try {
                STORE.use(logDir);
                // Direct management: no thread. Its modules are where a transaction replayed from the log finds
                // the XA module (and through it the recoverables) to complete its branches.
                recovery = RecoveryManager.manager(RecoveryManager.DIRECT_MANAGEMENT);
                xaRecovery = new XARecoveryModule();
                xaRecovery.addSerializableXAResourceDeserializer(Gate.DESERIALIZER);
                // Replays the logged transactions first, then rolls back the orphans (prepared, no log).
                modules = List.of(new AtomicActionRecoveryModule(), xaRecovery);
                modules.forEach(recovery::addModule);
            } catch (RuntimeException e) {
                STORE.use(null);
                throw e;
            }
            tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
            open = this;
        }
    }

    public Path logDir() {
        return logDir;
    }

    /**
     * Narayana's settings. The transaction status manager's flag and the expiry scanners are read once per JVM
     * (TxControl's and ExpiredEntryMonitor's static initialisation), so they are set before anything else.
     */
    private static void configure() {
        CoordinatorEnvironmentBean coordinator = arjPropertyManager.getCoordinatorEnvironmentBean();
        coordinator.setTransactionStatusManagerEnable(false); // it answers other processes' recovery: none here
        coordinator.setDefaultTimeout(TIMEOUT_SECONDS);
        try {
            arjPropertyManager.getCoreEnvironmentBean().setNodeIdentifier(NODE);
        } catch (CoreEnvironmentBeanException e) {
            throw new IllegalStateException(e);
        }
        RecoveryEnvironmentBean r = recoveryPropertyManager.getRecoveryEnvironmentBean();
        r.setRecoveryListener(false);
        r.setRecoveryAddress("127.0.0.1");
        r.setRecoveryPort(0);
        r.setTransactionStatusManagerAddress("127.0.0.1");
        r.setTransactionStatusManagerPort(0);
        r.setExpiryScanInterval(0);
        r.setExpiryScanners(null);
        r.setRecoveryActivators(null);
        r.setRecoveryModules(null); // each coordinator adds fresh ones: the bean would hand every manager the same instances
        // Between the two passes of RecoveryManager.scan(), which recover() does not use (it runs the passes
        // itself, back to back). 0 would read as no backoff but is wait(0) to Narayana: forever.
        r.setRecoveryBackoffPeriod(1);
        JTAEnvironmentBean jta = jtaPropertyManager.getJTAEnvironmentBean();
        jta.setXaRecoveryNodes(List.of(NODE));
        jta.setXaResourceOrphanFilterClassNames(List.of(JTATransactionLogXAResourceOrphanFilter.class.getName(),
                JTANodeNameXAResourceOrphanFilter.class.getName(), JTAActionStatusServiceXAResourceOrphanFilter.class.getName()));
        // An orphan is rolled back by the scan that finds it. Narayana's interval guards a transaction between
        // its prepares and its log write; here the action-status filter does (this JVM's live transactions are
        // left alone), and one coordinator alone uses the node name.
        jta.setOrphanSafetyInterval(0);
        RecoveryXids.setSafetyIntervalMillis(0);
        TxControl.setXANodeName(NODE);
        TxControl.setDefaultTimeout(TIMEOUT_SECONDS);
    }

    private static void installStore() {
        if (!storeInstalled) {
            try {
                new StoreManager(STORE, STORE, STORE); // sets Narayana's static stores (its only public way)
            } catch (IllegalStateException e) {
                throw new IllegalStateException("Narayana's object store was set up before the first XaCoordinator", e);
            }
            storeInstalled = true;
        }
    }

    // ---- transactions ----

    /**
     * Runs {@code work} in a transaction and commits it in two phases; whatever {@code work} throws rolls it back
     * and is rethrown. A failed prepare throws {@link jakarta.transaction.RollbackException}.
     *
     * @throws CoordinatorCrashed when {@link #crash} caught the transaction between prepare and commit
     */
    public <T> T inTransaction(Work<T> work) throws Exception {
        enter();
        try {
            tm.begin();
            Transaction tx = tm.getTransaction();
            T result;
            try {
                enlist(tx, new Gate(this, ((TransactionImple) tx).get_uid()));
                result = work.run(resource -> enlist(tx, resource));
            } catch (Throwable t) {
                try {
                    tm.rollback();
                } catch (Exception e) {
                    t.addSuppressed(e);
                }
                throw t;
            }
            try {
                tm.commit();
            } catch (CoordinatorCrashed c) {
                AtomicAction.suspend(); // the thread forgets the transaction too (Narayana's commit never got to that)
                throw c;
            }
            return result;
        } finally {
            leave();
        }
    }

    private static void enlist(Transaction tx, XAResource resource) {
        try {
            if (!tx.enlistResource(resource)) {
                throw new IllegalStateException("transaction refused " + resource);
            }
        } catch (jakarta.transaction.RollbackException | jakarta.transaction.SystemException e) {
            throw new IllegalStateException("cannot enlist " + resource + ": " + e.getMessage(), e);
        }
    }

    private synchronized void enter() {
        if (closed) {
            throw new IllegalStateException("coordinator closed");
        }
        if (crashed) {
            throw new IllegalStateException("coordinator crashed: close it and open another, as a restarted service would");
        }
        active++;
    }

    private synchronized void leave() {
        active--;
        notifyAll();
    }

    // ---- the crash seam ----

    /** While on, transactions that reach phase 2 wait there, {@link #HOLD_AT_MOST} at most (see {@link #held}); off lets them commit. */
    public synchronized void holdAfterPrepare(boolean on) {
        hold = on;
        notifyAll();
    }

    /** How many transactions wait at the start of phase 2: prepared everywhere, logged, not committed anywhere. */
    public synchronized int held() {
        return held.size();
    }

    /**
     * A kill -9 between prepare and commit: the held transactions never run phase 2 (their threads throw
     * {@link CoordinatorCrashed}), Narayana forgets them (so its recovery takes them for a dead coordinator's and
     * commits them from the log), and this coordinator takes no more work: close it and open another. A
     * transaction still preparing when it crashed is rolled back (it is never logged).
     */
    public synchronized void crash() {
        crashed = true;
        hold = false;
        held.forEach(XaCoordinator::forget);
        notifyAll();
    }

    /** The gate's phase 2, on the transaction's thread: waits while held, dies if crashed. */
    private synchronized void pass(Uid transaction) {
        if (hold && !crashed && held.size() < HOLD_AT_MOST) {
            held.add(transaction);
            // A transaction in phase 2 cannot time out: left to the reaper it would be cancelled while it waits.
            BasicAction action = ActionManager.manager().get(transaction);
            if (action != null) {
                TransactionReaper.transactionReaper().remove(action);
            }
            notifyAll();
            boolean interrupted = false;
            while (hold && !crashed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // a decision is being carried out: it is not abandoned half way
                }
            }
            held.remove(transaction);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (crashed) {
            forget(transaction);
            throw new CoordinatorCrashed(transaction);
        }
    }

    private synchronized boolean crashed() {
        return crashed;
    }

    /** What a dead process's transaction manager knows of a transaction: nothing (its log alone remains). */
    private static void forget(Uid transaction) {
        BasicAction action = ActionManager.manager().get(transaction);
        if (action != null) {
            TransactionReaper.transactionReaper().remove(action);
            ActionManager.manager().remove(transaction);
        }
    }

    /**
     * The first resource of every transaction (Narayana orders a {@link FirstResource} before all others, in
     * both phases): votes yes, unless the coordinator has crashed, and in phase 2 lets the commit through or holds
     * it. Serializable because Narayana logs it with the branches; recovery gets a detached one
     * ({@link #DESERIALIZER}) whose commit does nothing.
     */
    private static final class Gate extends OwnBranch implements FirstResource, Serializable {
        private static final long serialVersionUID = 1L;
        static final SerializableXAResourceDeserializer DESERIALIZER = new SerializableXAResourceDeserializer() {
            @Override
            public boolean canDeserialze(String className) {
                return Gate.class.getName().equals(className);
            }

            @Override
            public XAResource deserialze(ObjectInputStream in) {
                return new Gate(null, null);
            }
        };

        private final transient XaCoordinator coordinator;
        private final transient Uid transaction;

        Gate(XaCoordinator coordinator, Uid transaction) {
            this.coordinator = coordinator;
            this.transaction = transaction;
        }

        @Override
        public int prepare(Xid xid) throws XAException {
            if (coordinator != null && coordinator.crashed()) {
                XAException e = new XAException("the coordinator crashed before this transaction was logged");
                e.errorCode = XAException.XA_RBROLLBACK;
                throw e;
            }
            return XA_OK;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) {
            if (coordinator != null) {
                coordinator.pass(transaction);
            }
        }

        @Override
        public void start(Xid xid, int flags) {
        }

        @Override
        public void end(Xid xid, int flags) {
        }

        @Override
        public void rollback(Xid xid) {
        }

        @Override
        public Xid[] recover(int flag) {
            return new Xid[0];
        }

        @Override
        public String toString() {
            return "2PC gate";
        }
    }

    // ---- recovery ----

    /**
     * A resource manager recovery scans: its prepared branches are committed when the log has their
     * transaction, rolled back when it has not (presumed abort). {@code resource} is asked once, at the first
     * scan, and its answer kept: Narayana tracks a resource's in-doubt branches across scans by the instance.
     */
    public synchronized void addRecoverable(String name, Supplier<XAResource> resource) {
        Recoverable r = new Recoverable(resource);
        Recoverable before = recoverables.put(name, r);
        if (before != null) {
            xaRecovery.removeXAResourceRecoveryHelper(before);
        }
        xaRecovery.addXAResourceRecoveryHelper(r);
    }

    private static final class Recoverable implements XAResourceRecoveryHelper {
        private final Supplier<XAResource> supplier;
        private XAResource resource;

        Recoverable(Supplier<XAResource> supplier) {
            this.supplier = supplier;
        }

        synchronized XAResource resource() {
            if (resource == null) {
                resource = supplier.get();
            }
            return resource;
        }

        @Override
        public boolean initialise(String p) {
            return true;
        }

        @Override
        public XAResource[] getXAResources() {
            return new XAResource[] {resource()};
        }
    }

    /**
     * Runs Narayana's recovery now: every logged transaction no longer in progress is committed in every
     * recoverable, every orphan branch of this node (prepared, no log) rolled back; a transaction of this
     * coordinator still in progress is left alone (it is in Narayana's ActionManager). The two passes of each
     * module run back to back, as {@link RecoveryManager#scan()} would run them but without its backoff between
     * them (a second at least): what the backoff and the orphan safety interval wait for (a transaction between
     * its prepares and its log) is told by the action-status filter here, and this asks the recoverables twice
     * more (before and after, for {@link Recovered}).
     */
    public Recovered recover() {
        synchronized (scanning) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("coordinator closed");
                }
            }
            List<String> unreachable = new ArrayList<>();
            int before = inDoubt(unreachable);
            int logsBefore = logs();
            modules.forEach(RecoveryModule::periodicWorkFirstPass);
            modules.forEach(RecoveryModule::periodicWorkSecondPass);
            return new Recovered(before, inDoubt(unreachable), logsBefore, logs(), List.copyOf(unreachable));
        }
    }

    private int inDoubt(List<String> unreachable) {
        Map<String, Recoverable> all;
        synchronized (this) {
            all = new LinkedHashMap<>(recoverables);
        }
        int n = 0;
        for (Map.Entry<String, Recoverable> e : all.entrySet()) {
            try {
                XAResource r = e.getValue().resource();
                n += r.recover(XAResource.TMSTARTRSCAN).length;
                r.recover(XAResource.TMENDRSCAN);
            } catch (XAException | RuntimeException ex) {
                if (!unreachable.contains(e.getKey())) {
                    unreachable.add(e.getKey());
                }
            }
        }
        return n;
    }

    /** How many transactions the log holds (each one decided, to commit, and not yet finished everywhere). */
    public int logs() {
        try {
            InputObjectState uids = new InputObjectState();
            if (!StoreManager.getRecoveryStore().allObjUids(ATOMIC_ACTION, uids)) {
                throw new IllegalStateException("cannot list the log in " + logDir);
            }
            int n = 0;
            while (UidHelper.unpackFrom(uids).notEquals(Uid.nullUid())) {
                n++;
            }
            return n;
        } catch (ObjectStoreException | IOException e) {
            throw new IllegalStateException("cannot list the log in " + logDir, e);
        }
    }

    /**
     * A new Xid as this coordinator makes them (its format, this node), for a branch no coordinator logs: an
     * orphan, which recovery rolls back. Narayana's recovery touches only Xids of its own format and node.
     */
    public Xid newXid() {
        return XATxConverter.getXid(new Uid(), true, XATxConverter.FORMAT_ID);
    }

    // ---- shutdown ----

    /**
     * A clean stop: lets held transactions commit, waits (bounded) for the ones in progress, then stops
     * Narayana's reaper and recovery (no thread is left) and detaches the log, so that another coordinator can
     * open, on this log or another.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            hold = false;
            notifyAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS + 5);
            // A transaction finishing after the reaper stops would make Narayana start a new one.
            while (active > 0 && System.nanoTime() < deadline) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        synchronized (scanning) {
            synchronized (XaCoordinator.class) {
                try {
                    TransactionReaper.terminate(false);
                    recovery.terminate(false);
                } finally {
                    STORE.use(null);
                    open = null;
                }
            }
        }
    }

    /**
     * The object store Narayana holds for the JVM's lifetime: the log directory of the open coordinator (a
     * shadowing file store, Narayana's default), none between coordinators.
     */
    private static final class CurrentStore implements ObjectStoreAPI {
        private volatile ObjectStoreAPI target;

        synchronized void use(Path logDir) {
            if (target != null) {
                target.stop();
                target = null;
            }
            if (logDir != null) {
                ObjectStoreEnvironmentBean bean = new ObjectStoreEnvironmentBean();
                bean.setObjectStoreDir(logDir.toString());
                try {
                    target = new ShadowNoFileLockStore(bean);
                } catch (ObjectStoreException e) {
                    throw new IllegalStateException("cannot open the transaction log in " + logDir, e);
                }
                target.start();
            }
        }

        private ObjectStoreAPI target() throws ObjectStoreException {
            ObjectStoreAPI t = target;
            if (t == null) {
                throw new ObjectStoreException("no 2PC coordinator open: no transaction log");
            }
            return t;
        }

        @Override
        public String getStoreName() {
            ObjectStoreAPI t = target;
            return t == null ? "none" : t.getStoreName();
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean allObjUids(String s, InputObjectState buff, int m) throws ObjectStoreException {
            return target().allObjUids(s, buff, m);
        }

        @Override
        public boolean allObjUids(String s, InputObjectState buff) throws ObjectStoreException {
            return target().allObjUids(s, buff);
        }

        @Override
        public boolean allTypes(InputObjectState buff) throws ObjectStoreException {
            return target().allTypes(buff);
        }

        @Override
        public int currentState(Uid u, String tn) throws ObjectStoreException {
            return target().currentState(u, tn);
        }

        @Override
        public boolean hide_state(Uid u, String tn) throws ObjectStoreException {
            return target().hide_state(u, tn);
        }

        @Override
        public boolean reveal_state(Uid u, String tn) throws ObjectStoreException {
            return target().reveal_state(u, tn);
        }

        @Override
        public InputObjectState read_committed(Uid u, String tn) throws ObjectStoreException {
            return target().read_committed(u, tn);
        }

        @Override
        public boolean isType(Uid u, String tn, int st) throws ObjectStoreException {
            return target().isType(u, tn, st);
        }

        @Override
        public boolean commit_state(Uid u, String tn) throws ObjectStoreException {
            return target().commit_state(u, tn);
        }

        @Override
        public InputObjectState read_uncommitted(Uid u, String tn) throws ObjectStoreException {
            return target().read_uncommitted(u, tn);
        }

        @Override
        public boolean remove_uncommitted(Uid u, String tn) throws ObjectStoreException {
            return target().remove_uncommitted(u, tn);
        }

        @Override
        public boolean write_uncommitted(Uid u, String tn, OutputObjectState buff) throws ObjectStoreException {
            return target().write_uncommitted(u, tn, buff);
        }

        @Override
        public boolean fullCommitNeeded() {
            ObjectStoreAPI t = target;
            return t != null && t.fullCommitNeeded();
        }

        @Override
        public boolean remove_committed(Uid u, String tn) throws ObjectStoreException {
            return target().remove_committed(u, tn);
        }

        @Override
        public boolean write_committed(Uid u, String tn, OutputObjectState buff) throws ObjectStoreException {
            return target().write_committed(u, tn, buff);
        }

        @Override
        public void sync() throws SyncFailedException, ObjectStoreException {
            target().sync();
        }
    }
}
