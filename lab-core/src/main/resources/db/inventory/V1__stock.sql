-- The inventory service's tables. One row per SKU: the hot row every strategy contends for.
CREATE TABLE stock (
    sku      VARCHAR(64) PRIMARY KEY,
    qty      BIGINT      NOT NULL,
    initial  BIGINT      NOT NULL
);

-- How many units each user has bought of each SKU (the per-user limit).
CREATE TABLE user_quota (
    sku      VARCHAR(64) NOT NULL,
    user_id  VARCHAR(64) NOT NULL,
    bought   INT         NOT NULL,
    PRIMARY KEY (sku, user_id)
);

-- One row per deduction, so a release is applied once (HELD -> RELEASED).
CREATE TABLE purchase (
    order_id VARCHAR(64) PRIMARY KEY,
    sku      VARCHAR(64) NOT NULL,
    user_id  VARCHAR(64) NOT NULL,
    qty      INT         NOT NULL,
    status   VARCHAR(16) NOT NULL
);
