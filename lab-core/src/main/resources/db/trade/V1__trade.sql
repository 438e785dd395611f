-- The trade service's tables. Amounts in integer cents, times in epoch milliseconds.

-- The business order. status follows shoplab.domain.trade.OrderStateMachine. The flags record which
-- side effects are done, so a failed call to another service is retried by the timeout job (at least
-- once; the other services' own idempotence makes each effect happen once).
CREATE TABLE trade_order (
    order_id          VARCHAR(64) PRIMARY KEY,
    seq               BIGINT      NOT NULL,
    request_id        VARCHAR(64),
    user_id           VARCHAR(64) NOT NULL,
    channel           VARCHAR(16) NOT NULL,
    region            VARCHAR(64),
    goods_cents       BIGINT      NOT NULL,
    shipping_cents    BIGINT      NOT NULL,
    discount_cents    BIGINT      NOT NULL,
    amount_cents      BIGINT      NOT NULL,
    status            VARCHAR(16) NOT NULL,
    created_at        BIGINT      NOT NULL,
    deadline_at       BIGINT      NOT NULL,
    paid_payment_id   VARCHAR(64),
    paid_at           BIGINT,
    ended_at          BIGINT,
    close_lateness_ms BIGINT,
    stock_restored    BOOLEAN     DEFAULT FALSE NOT NULL,
    coupon_restored   BOOLEAN     DEFAULT FALSE NOT NULL,
    coupon_redeemed   BOOLEAN     DEFAULT FALSE NOT NULL
);
-- A replayed checkout (same requestId) is refused; NULLs (no requestId) do not collide.
CREATE UNIQUE INDEX trade_order_request ON trade_order (request_id);
CREATE INDEX trade_order_open ON trade_order (status, deadline_at);

-- Sub-orders: one line per SKU bought.
CREATE TABLE order_line (
    order_id    VARCHAR(64) NOT NULL,
    line_no     INT         NOT NULL,
    sku         VARCHAR(64) NOT NULL,
    quantity    INT         NOT NULL,
    unit_cents  BIGINT      NOT NULL,
    line_cents  BIGINT      NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- The coupon an order locked at checkout (marketing tool).
CREATE TABLE coupon_use (
    order_id        VARCHAR(64) PRIMARY KEY,
    code            VARCHAR(64) NOT NULL,
    discount_cents  BIGINT      NOT NULL,
    locked_at       BIGINT      NOT NULL
);

-- Payment orders: payment_id is the provider's outTradeNo. status CREATED (not yet at the provider),
-- STARTED (the provider took it), SUCCESS, FAIL.
CREATE TABLE payment_order (
    payment_id        VARCHAR(64) PRIMARY KEY,
    seq               BIGINT      NOT NULL,
    order_id          VARCHAR(64) NOT NULL,
    channel           VARCHAR(16) NOT NULL,
    amount_cents      BIGINT      NOT NULL,
    provider_trade_no VARCHAR(64),
    status            VARCHAR(16) NOT NULL,
    created_at        BIGINT      NOT NULL
);
CREATE INDEX payment_order_order ON payment_order (order_id);

-- One row per hand-over to shipping: two rows for one order is a double shipment.
CREATE TABLE shipment (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    order_id    VARCHAR(64) NOT NULL,
    payment_id  VARCHAR(64) NOT NULL,
    notify_id   VARCHAR(80) NOT NULL,
    shipped_at  BIGINT      NOT NULL
);
CREATE INDEX shipment_order ON shipment (order_id);

-- Verified notices that changed something (paid, cancelled, or a refund after close). The unique key on
-- (channel, trade_no) is created at boot by the pessimistic and optimistic guards, not by naive
-- (TradeApp), as the architecture note writes the guards.
CREATE TABLE accepted_notice (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    notify_id   VARCHAR(80) NOT NULL,
    channel     VARCHAR(16) NOT NULL,
    trade_no    VARCHAR(64) NOT NULL,
    order_id    VARCHAR(64) NOT NULL,
    payment_id  VARCHAR(64) NOT NULL,
    status      VARCHAR(8)  NOT NULL,
    outcome     VARCHAR(16) NOT NULL,
    accepted_at BIGINT      NOT NULL
);

-- Every notice received and what became of it: ACCEPTED, DUPLICATE (verified, changed nothing),
-- REJECTED (forged, mismatching or malformed; reason says why).
CREATE TABLE notice_log (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    notify_id   VARCHAR(80),
    channel     VARCHAR(16) NOT NULL,
    trade_no    VARCHAR(64),
    order_id    VARCHAR(64),
    outcome     VARCHAR(16) NOT NULL,
    reason      VARCHAR(256),
    at_ms       BIGINT      NOT NULL
);

-- Every status move, in the order made (a naive guard may record the same move twice).
CREATE TABLE order_transition (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    order_id    VARCHAR(64) NOT NULL,
    from_status VARCHAR(16) NOT NULL,
    to_status   VARCHAR(16) NOT NULL,
    at_ms       BIGINT      NOT NULL
);
CREATE INDEX order_transition_order ON order_transition (order_id, id);

-- Refunds of payments that succeeded for an order that no longer takes them (closed, cancelled, or
-- paid by another payment), or for no payment order of ours at all (order_id as the notice named it, if
-- it did). PENDING until the provider confirmed it, then DONE.
CREATE TABLE refund (
    payment_id   VARCHAR(64)  PRIMARY KEY,
    order_id     VARCHAR(64),
    trade_no     VARCHAR(64)  NOT NULL,
    amount_cents BIGINT       NOT NULL,
    reason       VARCHAR(256) NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    refund_no    VARCHAR(64),
    created_at   BIGINT       NOT NULL,
    done_at      BIGINT
);

-- Sales messages to publish to Kafka, written in the shipping transaction (an outbox), sent after.
CREATE TABLE sales_outbox (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    message_id  VARCHAR(128) NOT NULL,
    order_id    VARCHAR(64)  NOT NULL,
    sku         VARCHAR(64)  NOT NULL,
    units       INT          NOT NULL,
    notify_id   VARCHAR(80)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    sent_at     BIGINT
);
CREATE INDEX sales_outbox_unsent ON sales_outbox (sent_at, id);

-- Stock or a coupon held by a checkout that failed half-way and could not be given back at once:
-- the timeout job retries until both are back.
CREATE TABLE orphan_hold (
    order_id    VARCHAR(64) PRIMARY KEY,
    sku         VARCHAR(64) NOT NULL,
    coupon_code VARCHAR(64),
    stock_done  BOOLEAN     NOT NULL,
    coupon_done BOOLEAN     NOT NULL,
    created_at  BIGINT      NOT NULL
);
