-- The payment provider's own books. One charge per (merchant, merchant order): paying it again finds
-- this row. status SUCCESS: the money was taken; FAIL: the payment failed and nothing was taken.
CREATE TABLE charge (
    trade_no     VARCHAR(32)  PRIMARY KEY,
    merchant_id  VARCHAR(64)  NOT NULL,
    app_id       VARCHAR(64)  NOT NULL,
    out_trade_no VARCHAR(64)  NOT NULL,
    order_id     VARCHAR(64),
    channel      VARCHAR(8)   NOT NULL,
    amount_cents BIGINT       NOT NULL,
    status       VARCHAR(8)   NOT NULL,
    notify_url   VARCHAR(512) NOT NULL,
    created_at   BIGINT       NOT NULL,
    CONSTRAINT charge_merchant_order UNIQUE (merchant_id, out_trade_no)
);

-- At most one refund per charge, so a replayed refund finds it.
CREATE TABLE refund (
    refund_no    VARCHAR(32)  PRIMARY KEY,
    trade_no     VARCHAR(32)  NOT NULL,
    amount_cents BIGINT       NOT NULL,
    reason       VARCHAR(256) NOT NULL,
    created_at   BIGINT       NOT NULL,
    CONSTRAINT refund_charge UNIQUE (trade_no),
    CONSTRAINT refund_of_charge FOREIGN KEY (trade_no) REFERENCES charge (trade_no)
);

-- Every notice delivery: written when sent, completed when the merchant answered (or did not).
-- forged marks the notices the provider's key did not sign, so accepting one can be counted.
CREATE TABLE notice_delivery (
    id             BIGINT      PRIMARY KEY,
    notify_id      VARCHAR(80) NOT NULL,
    trade_no       VARCHAR(32) NOT NULL,
    out_trade_no   VARCHAR(64) NOT NULL,
    kind           VARCHAR(16) NOT NULL,
    forged         BOOLEAN     NOT NULL,
    claimed_status VARCHAR(8)  NOT NULL,
    amount_cents   BIGINT      NOT NULL,
    attempt        INT         NOT NULL,
    sent_at        BIGINT      NOT NULL,
    http_status    INT,
    acknowledged   BOOLEAN     NOT NULL,
    answered_at    BIGINT
);
CREATE INDEX notice_delivery_trade ON notice_delivery (trade_no);
