package shoplab.services.tx;

import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.MariaDbDataSource;

import javax.sql.XAConnection;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The participant side of two-phase commit: the XA branches of one MariaDB database. A branch is begun on a
 * connection of its own (the participant's SQL work runs on it), ended, prepared (after which the connection is
 * released: MariaDB 10.11 keeps a prepared branch, locks included, after its client disconnects, so the branch
 * lives in the database alone), then committed or rolled back by its Xid from any connection, as a recovering
 * coordinator does. The XA statements are the driver's own ({@code XAConnection.getXAResource()}).
 *
 * <p>Several participants' databases may share one MariaDB server, and {@code XA RECOVER} lists every prepared
 * branch of the server. So that a participant reports (and a coordinator's recovery resolves through it) its
 * own branches only, each branch's qualifier is stored in MariaDB with this database's name appended
 * ({@link #local}); the Xids this class takes and returns are always the coordinator's, untouched. This costs
 * the database name plus one byte of the 64 a qualifier may hold (Narayana's qualifiers use 36).
 *
 * <p>{@code XA RECOVER}, {@code XA COMMIT} and {@code XA ROLLBACK} of another session's prepared branch need no
 * privilege beyond the services' account's (checked on 10.11).
 */
public final class XaBranches implements AutoCloseable {

    private final MariaDbDataSource dataSource;
    private final String database;
    /** Appended to every branch qualifier in MariaDB: the database name, then its length. */
    private final byte[] tag;
    /** Branches begun and not yet prepared or finished, by {@link #toText} of their Xid. */
    private final Map<String, Branch> open = new ConcurrentHashMap<>();

    private static final class Branch {
        final XAConnection connection;
        final XAResource xa;
        boolean ended;
        boolean changedRows;

        Branch(XAConnection connection) throws XAException {
            this.connection = connection;
            this.xa = resourceOf(connection);
        }
    }

    public XaBranches(String jdbcUrl, String user, String password) {
        try {
            this.database = Configuration.parse(jdbcUrl).database();
            this.dataSource = new MariaDbDataSource(jdbcUrl);
            dataSource.setUser(user);
            dataSource.setPassword(password);
        } catch (SQLException e) {
            throw new IllegalArgumentException("XA data source '" + jdbcUrl + "': " + e.getMessage(), e);
        }
        if (database == null || database.isEmpty()) {
            throw new IllegalArgumentException("'" + jdbcUrl + "' names no database: its branches could not be told apart");
        }
        byte[] name = database.getBytes(StandardCharsets.UTF_8);
        tag = Arrays.copyOf(name, name.length + 1);
        tag[name.length] = (byte) name.length;
    }

    public String database() {
        return database;
    }

    /**
     * {@code XA START}: opens a connection for the branch {@code xid} and starts it there. The returned connection
     * is the branch's until prepare or rollback: the participant's SQL goes through it (closing it is harmless,
     * the branch keeps it; it must not be committed, rolled back or switched to autocommit).
     */
    public Connection begin(Xid xid) throws XAException {
        XAConnection c = connect();
        try {
            Branch b = new Branch(c);
            b.xa.start(local(xid), XAResource.TMNOFLAGS);
            Connection work = c.getConnection();
            open.put(toText(xid), b);
            return work;
        } catch (XAException | SQLException e) {
            close(c);
            throw rmFailure(e);
        }
    }

    /** The connection of the begun branch {@code xid} (for work done after {@link #begin}). */
    public Connection connection(Xid xid) {
        Branch b = open.get(toText(xid));
        if (b == null) {
            throw new IllegalStateException("no branch " + toText(xid) + " in progress on " + database);
        }
        try {
            return b.connection.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code XA END}: the branch's work is over (idempotent; {@link #prepare} ends it if need be). */
    public void end(Xid xid) throws XAException {
        Branch b = open.get(toText(xid));
        if (b == null) {
            throw xa(XAException.XAER_NOTA, "no branch " + toText(xid) + " in progress on " + database);
        }
        end(b, xid);
    }

    /**
     * {@code XA PREPARE}: the branch's vote, {@link XAResource#XA_OK} once it is durable in the database; then its
     * connection is released, prepared or not (a branch whose prepare failed is rolled back by MariaDB). A branch
     * that changed no row is rolled back instead and answers {@link XAResource#XA_RDONLY} (no phase 2 follows):
     * MariaDB 10.11 would prepare it, list it in XA RECOVER, then answer XA_RBROLLBACK to its XA COMMIT, which a
     * coordinator takes for a heuristic rollback.
     */
    public int prepare(Xid xid) throws XAException {
        Branch b = open.remove(toText(xid));
        if (b == null) {
            throw xa(XAException.XAER_NOTA, "no branch " + toText(xid) + " in progress on " + database);
        }
        try {
            end(b, xid);
            if (!b.changedRows) {
                b.xa.rollback(local(xid));
                return XAResource.XA_RDONLY;
            }
            b.xa.prepare(local(xid));
            return XAResource.XA_OK;
        } catch (XAException e) {
            throw rmFailure(e);
        } finally {
            close(b.connection);
        }
    }

    /**
     * {@code XA COMMIT}: a prepared branch by its Xid from a fresh connection; with {@code onePhase}, a branch still
     * in progress (never prepared) on its own connection, which is then released.
     */
    public void commit(Xid xid, boolean onePhase) throws XAException {
        Branch b = open.remove(toText(xid));
        if (b != null) {
            try {
                if (!onePhase) {
                    throw xa(XAException.XAER_PROTO, "branch " + toText(xid) + " was never prepared");
                }
                end(b, xid);
                if (b.changedRows) {
                    b.xa.commit(local(xid), true);
                } else {
                    b.xa.rollback(local(xid)); // the same outcome, without MariaDB's XA_RBROLLBACK (see prepare)
                }
            } catch (XAException e) {
                throw rmFailure(e);
            } finally {
                close(b.connection);
            }
            return;
        }
        XAConnection c = connect();
        try {
            resourceOf(c).commit(local(xid), onePhase);
        } catch (XAException e) {
            throw rmFailure(e);
        } finally {
            close(c);
        }
    }

    /** {@code XA ROLLBACK}: on the branch's own connection while it is in progress, else by its Xid from a fresh one. */
    public void rollback(Xid xid) throws XAException {
        Branch b = open.remove(toText(xid));
        if (b != null) {
            // Best effort: dropping the connection rolls an unprepared branch back anyway (a deadlock may
            // already have, and then XA END answers XA_RB*).
            try {
                end(b, xid);
                b.xa.rollback(local(xid));
            } catch (XAException ignored) {
                // rolled back all the same, by the close below
            } finally {
                close(b.connection);
            }
            return;
        }
        XAConnection c = connect();
        try {
            resourceOf(c).rollback(local(xid));
        } catch (XAException e) {
            throw rmFailure(e);
        } finally {
            close(c);
        }
    }

    /** {@code XA RECOVER}: the branches of this database that are prepared now (in doubt), as their coordinator knows them. */
    public Xid[] recover() throws XAException {
        XAConnection c = connect();
        try {
            List<Xid> mine = new ArrayList<>();
            for (Xid x : resourceOf(c).recover(XAResource.TMSTARTRSCAN)) {
                Xid external = external(x);
                if (external != null) {
                    mine.add(external);
                }
            }
            return mine.toArray(new Xid[0]);
        } catch (XAException e) {
            throw rmFailure(e);
        } finally {
            close(c);
        }
    }

    /**
     * How many branches of this database are prepared now, waiting for their coordinator's decision.
     *
     * @throws IllegalStateException when the database cannot be asked
     */
    public int inDoubt() {
        try {
            return recover().length;
        } catch (XAException e) {
            throw new IllegalStateException("XA RECOVER on " + database + ": " + e.getMessage(), e);
        }
    }

    /** Rolls back (by dropping their connections) the branches still in progress; prepared ones stay in the database. */
    @Override
    public void close() {
        open.values().forEach(b -> close(b.connection));
        open.clear();
    }

    /**
     * A view for a coordinator to enlist: one per transaction and participant (distinct views are distinct
     * resource managers to the coordinator, so each gets a branch of its own: MariaDB has no {@code XA START ...
     * JOIN}). Once the coordinator has started it, {@link Resource#connection()} is the branch's connection.
     */
    public Resource resource() {
        return new Resource();
    }

    /** The XA protocol as a coordinator speaks it, each call mapped onto the branch methods above. */
    public final class Resource extends OwnBranch {

        private volatile Xid xid;

        /** The branch this view was started on (null before the coordinator enlists it). */
        public Xid xid() {
            return xid;
        }

        /** The branch's connection, for the participant's SQL work. */
        public Connection connection() {
            Xid x = xid;
            if (x == null) {
                throw new IllegalStateException("not enlisted yet: no branch on " + database);
            }
            return XaBranches.this.connection(x);
        }

        public XaBranches branches() {
            return XaBranches.this;
        }

        /** TMNOFLAGS: {@link #begin}. TMJOIN/TMRESUME of this view's branch: nothing (its connection still holds it). */
        @Override
        public void start(Xid x, int flags) throws XAException {
            if (flags == TMNOFLAGS) {
                begin(x);
                xid = x;
            } else if ((flags == TMJOIN || flags == TMRESUME) && xid != null && toText(x).equals(toText(xid))) {
                return;
            } else {
                throw xa(XAException.XAER_INVAL, "start flags " + flags + " on " + database);
            }
        }

        /** TMSUCCESS/TMFAIL: {@link XaBranches#end}. TMSUSPEND: nothing (MariaDB cannot suspend; the connection idles). */
        @Override
        public void end(Xid x, int flags) throws XAException {
            if (flags != TMSUSPEND) {
                XaBranches.this.end(x);
            }
        }

        @Override
        public int prepare(Xid x) throws XAException {
            return XaBranches.this.prepare(x);
        }

        @Override
        public void commit(Xid x, boolean onePhase) throws XAException {
            XaBranches.this.commit(x, onePhase);
        }

        @Override
        public void rollback(Xid x) throws XAException {
            XaBranches.this.rollback(x);
        }

        /** TMSTARTRSCAN: {@link XaBranches#recover} (the whole list at once); any other call ends the scan: none. */
        @Override
        public Xid[] recover(int flags) throws XAException {
            return (flags & TMSTARTRSCAN) != 0 ? XaBranches.this.recover() : new Xid[0];
        }

        @Override
        public String toString() {
            return "XA branch on " + database + (xid == null ? "" : " " + toText(xid));
        }
    }

    // ---- Xids as text, and as MariaDB stores them ----

    /** An Xid by value: equal when format, global id and qualifier are. */
    public record XidValue(int formatId, byte[] globalTransactionId, byte[] branchQualifier) implements Xid {

        public XidValue {
            globalTransactionId = globalTransactionId.clone();
            branchQualifier = branchQualifier.clone();
        }

        public static XidValue of(Xid xid) {
            return xid instanceof XidValue v ? v : new XidValue(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier());
        }

        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return globalTransactionId.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return branchQualifier.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof XidValue x && x.formatId == formatId && Arrays.equals(x.globalTransactionId, globalTransactionId)
                    && Arrays.equals(x.branchQualifier, branchQualifier);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * formatId + Arrays.hashCode(globalTransactionId)) + Arrays.hashCode(branchQualifier);
        }

        @Override
        public String toString() {
            return toText(this);
        }
    }

    /** {@code formatId:gtridHex:bqualHex}, e.g. {@code 131077:0a1b...:3c4d...}: an Xid that survives a trip as text. */
    public static String toText(Xid xid) {
        HexFormat hex = HexFormat.of();
        return xid.getFormatId() + ":" + hex.formatHex(xid.getGlobalTransactionId()) + ":" + hex.formatHex(xid.getBranchQualifier());
    }

    public static XidValue fromText(String text) {
        String[] p = text.split(":", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("not an Xid: '" + text + "'");
        }
        HexFormat hex = HexFormat.of();
        return new XidValue(Integer.parseInt(p[0]), hex.parseHex(p[1]), hex.parseHex(p[2]));
    }

    /** The coordinator's Xid as this database stores it: the qualifier with {@link #tag} appended. */
    private Xid local(Xid xid) throws XAException {
        byte[] q = xid.getBranchQualifier();
        if (q.length + tag.length > Xid.MAXBQUALSIZE) {
            throw xa(XAException.XAER_INVAL, "branch qualifier of " + q.length + " bytes leaves no room for database '" + database + "'");
        }
        byte[] tagged = Arrays.copyOf(q, q.length + tag.length);
        System.arraycopy(tag, 0, tagged, q.length, tag.length);
        return new XidValue(xid.getFormatId(), xid.getGlobalTransactionId(), tagged);
    }

    /** The coordinator's Xid of a branch MariaDB lists, or null when the branch is not this database's. */
    private Xid external(Xid stored) {
        byte[] q = stored.getBranchQualifier();
        int keep = q.length - tag.length;
        if (keep < 0 || !Arrays.equals(q, keep, q.length, tag, 0, tag.length)) {
            return null;
        }
        return new XidValue(stored.getFormatId(), stored.getGlobalTransactionId(), Arrays.copyOf(q, keep));
    }

    // ---- connections and errors ----

    private XAConnection connect() throws XAException {
        try {
            return dataSource.getXAConnection();
        } catch (SQLException e) {
            throw rmFailure(e);
        }
    }

    /**
     * XA END once; first notes whether the branch changed a row (this session's handler counters: the
     * connection is the branch's alone since {@link #begin}; statements are refused once the branch is ended).
     */
    private void end(Branch b, Xid xid) throws XAException {
        synchronized (b) {
            if (b.ended) {
                return;
            }
            try (Statement s = b.connection.getConnection().createStatement(); ResultSet rs = s.executeQuery(
                    "SHOW SESSION STATUS WHERE Variable_name IN ('Handler_write', 'Handler_update', 'Handler_delete')")) {
                long changes = 0;
                while (rs.next()) {
                    changes += rs.getLong(2);
                }
                b.changedRows = changes > 0;
            } catch (SQLException e) {
                b.changedRows = true; // unknown: prepare it as a writer (XA END says what is wrong, if anything)
            }
            b.xa.end(local(xid), XAResource.TMSUCCESS);
            b.ended = true;
        }
    }

    private static XAResource resourceOf(XAConnection c) throws XAException {
        try {
            return c.getXAResource();
        } catch (SQLException e) {
            throw rmFailure(e);
        }
    }

    private static void close(XAConnection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is gone either way; MariaDB rolls back an unprepared branch it held
        }
    }

    /**
     * The driver maps only MariaDB's XA error numbers; a lost or refused connection comes as error code 0, which
     * a coordinator takes for a heuristic hazard. XAER_RMFAIL tells it the database is unreachable, so it
     * retries (in recovery) instead.
     */
    private static XAException rmFailure(Exception e) {
        if (e instanceof XAException x && x.errorCode != 0) {
            return x;
        }
        XAException x = xa(XAException.XAER_RMFAIL, e.getMessage());
        x.initCause(e instanceof XAException && e.getCause() != null ? e.getCause() : e);
        return x;
    }

    private static XAException xa(int code, String message) {
        XAException x = new XAException(message);
        x.errorCode = code;
        return x;
    }
}
