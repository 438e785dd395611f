package shoplab.stack;

import shoplab.topology.ComponentKind;
import shoplab.topology.Mechanism;

import java.util.List;

/**
 * How the primary's database replicates to the replica data centers ({@code strategies: {replication:
 * semi-sync}} overrides the topology's {@code replication.mode}): {@code async} acknowledges a commit before
 * any replica has it, so a failover can lose acknowledged orders (unsafe by design: the RPO checker must
 * see it); {@code semi-sync} waits for a replica's acknowledgement, until its timeout makes it fall back.
 * The stack implements it ({@link StackBoot}), not a service.
 */
public final class ReplicationMechanism implements Mechanism {

    public static final String NAME = "replication";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentKind service() {
        return ComponentKind.DATABASE;
    }

    @Override
    public List<Strategy> strategies() {
        return List.of(Strategy.unsafe("async"), Strategy.safe("semi-sync"));
    }

    @Override
    public String defaultStrategy() {
        return "async";
    }
}
