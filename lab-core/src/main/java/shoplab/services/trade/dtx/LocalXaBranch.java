package shoplab.services.trade.dtx;

import shoplab.services.tx.XaBranches;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.sql.Connection;

/** The trade's own branch of a 2PC purchase: its purchase row, written in an XA branch of the trade's database. */
final class LocalXaBranch implements XAResource {

    /** The branch's work on its connection. */
    interface Work {
        void run(Connection c) throws Exception;
    }

    private final XaBranches branches;
    private final Work work;

    LocalXaBranch(XaBranches branches, Work work) {
        this.branches = branches;
        this.work = work;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        Connection c = branches.begin(xid);
        try {
            work.run(c);
            branches.end(xid);
        } catch (Exception e) {
            branches.rollback(xid);
            XAException x = new XAException(XAException.XA_RBROLLBACK);
            x.initCause(e);
            throw x;
        }
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return branches.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        branches.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        branches.rollback(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return (flag & TMSTARTRSCAN) == 0 ? new Xid[0] : branches.recover();
    }

    @Override
    public void forget(Xid xid) {
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }
}
