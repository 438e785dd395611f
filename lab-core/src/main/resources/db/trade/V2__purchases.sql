-- The distributed purchase (scenario distributed-tx): the trade's own row, which is also the transaction
-- table of async-ensured, transactional messages and TCC. status PENDING -> PAID | FAILED; phase is TCC's
-- coordinator log: TRYING -> CONFIRMING | CANCELLING -> DONE. deadline_at: when an undecided purchase is given up.
CREATE TABLE dtx_purchase (
    purchase_id VARCHAR(64) PRIMARY KEY,
    user_id     VARCHAR(64) NOT NULL,
    sku         VARCHAR(64) NOT NULL,
    coupon_code VARCHAR(64),
    pay_ok      BOOLEAN     NOT NULL,
    status      VARCHAR(16) NOT NULL,
    phase       VARCHAR(16),
    created_at  BIGINT      NOT NULL,
    decided_at  BIGINT      NOT NULL,
    deadline_at BIGINT      NOT NULL
);
CREATE INDEX dtx_purchase_status ON dtx_purchase (status, deadline_at);

-- async-ensured's outbox: the effect messages a decision owes, written in the decision's transaction and
-- deleted once the broker has them.
CREATE TABLE dtx_outbox (
    id          VARCHAR(80) PRIMARY KEY,
    purchase_id VARCHAR(64) NOT NULL,
    participant VARCHAR(16) NOT NULL,
    op          VARCHAR(16) NOT NULL,
    created_at  BIGINT      NOT NULL
);
