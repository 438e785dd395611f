package shoplab.services.trade.dtx;

import shoplab.services.trade.Downstream;
import shoplab.services.tx.OwnBranch;
import shoplab.services.tx.XaBranches;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A participant's XA branch, for the coordinator's transaction manager to drive over HTTP (the participant's
 * {@code /internal/tx/xa/*} runs the XA verbs on its own MariaDB): {@code start} begins the branch and takes the
 * unit in it, then prepare, commit and rollback follow, and {@code recover} lists the participant's prepared
 * branches. A participant that does not answer is {@code XAER_RMFAIL}: the transaction manager retries it
 * (phase 2) or recovery does.
 */
final class RemoteXaBranch extends OwnBranch {

    private final Downstream participant;
    /** The purchase and item the branch's work takes; null for a resource that only recovers. */
    private final String purchaseId;
    private final String key;

    RemoteXaBranch(Downstream participant, String purchaseId, String key) {
        this.participant = participant;
        this.purchaseId = purchaseId;
        this.key = key;
    }

    static RemoteXaBranch forRecovery(Downstream participant) {
        return new RemoteXaBranch(participant, null, null);
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        if (purchaseId == null) {
            throw new XAException(XAException.XAER_PROTO);
        }
        Map<String, Object> body = body(xid);
        body.put("purchaseId", purchaseId);
        body.put("key", key);
        call("take", body);
    }

    @Override
    public void end(Xid xid, int flags) {
        // the participant ended the branch's work when its take answered
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return call("prepare", body(xid)).body().path("vote").asInt(XA_OK);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        Map<String, Object> body = body(xid);
        body.put("onePhase", onePhase);
        call("commit", body);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        call("rollback", body(xid));
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        if ((flag & TMSTARTRSCAN) == 0) {
            return new Xid[0];
        }
        try {
            Downstream.Answer a = participant.get("/internal/tx/xa/recover");
            if (!a.ok()) {
                throw new XAException(XAException.XAER_RMFAIL);
            }
            List<Xid> xids = new ArrayList<>();
            a.body().path("xids").forEach(x -> xids.add(XaBranches.fromText(x.asString())));
            return xids.toArray(new Xid[0]);
        } catch (IOException e) {
            throw new XAException(XAException.XAER_RMFAIL);
        }
    }

    private static Map<String, Object> body(Xid xid) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("xid", XaBranches.toText(xid));
        return body;
    }

    /** A verb on the participant; its refusal carries the XA error code ({@code XA_<code>}), no answer is RMFAIL. */
    private Downstream.Answer call(String verb, Map<String, Object> body) throws XAException {
        Downstream.Answer a;
        try {
            a = participant.post("/internal/tx/xa/" + verb, body);
        } catch (IOException e) {
            throw new XAException(XAException.XAER_RMFAIL);
        }
        if (a.ok()) {
            return a;
        }
        String error = a.error();
        if (error.startsWith("XA_")) {
            throw new XAException(Integer.parseInt(error.substring(3)));
        }
        // a refused take (no free unit): the branch rolls back, and the transaction with it
        throw new XAException(a.status() >= 400 && a.status() < 500 ? XAException.XA_RBROLLBACK : XAException.XAER_RMFAIL);
    }
}
