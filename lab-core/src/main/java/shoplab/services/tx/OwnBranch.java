package shoplab.services.tx;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * What every XA resource of the lab answers alike: each is its own resource manager (no two views share a
 * branch: MariaDB has no {@code XA START ... JOIN}), has nothing to forget (no heuristic completion) and no
 * timeout of its own (the coordinator's transaction timeout is the branch's).
 */
public abstract class OwnBranch implements XAResource {

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
