-- A participant of the distributed purchase (the inventory's stock, the coupon service's coupons): items with
-- free units, one hold per purchase, the journal of every change applied, and the TCC fence.
-- An item: a SKU's units, or a coupon (one unit).
CREATE TABLE tx_item (
    item_key      VARCHAR(64) PRIMARY KEY,
    initial_units BIGINT      NOT NULL,
    free_units    BIGINT      NOT NULL
);

-- A purchase's hold: HELD (reserved), TAKEN (confirmed), RETURNED (cancelled after its reserve) or VOID
-- (cancelled before any reserve: a tombstone, so a reserve that comes late does nothing).
CREATE TABLE tx_hold (
    purchase_id VARCHAR(64) PRIMARY KEY,
    item_key    VARCHAR(64),
    state       VARCHAR(16) NOT NULL,
    changed_at  BIGINT      NOT NULL
);

-- Every change applied, written in the change's own transaction. No unique key on purpose: a change applied
-- twice shows here as two rows, for the checker to see.
CREATE TABLE tx_effect (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    purchase_id VARCHAR(64) NOT NULL,
    op          VARCHAR(16) NOT NULL,
    at_ms       BIGINT      NOT NULL
);

-- TCC's branch log (the fence): TRIED, CONFIRMED or CANCELLED per transaction. A cancel with no row is an
-- empty rollback (its row says CANCELLED), and a try that finds CANCELLED is suspended: it does nothing.
CREATE TABLE tx_fence (
    tx_id      VARCHAR(64) PRIMARY KEY,
    state      VARCHAR(16) NOT NULL,
    changed_at BIGINT      NOT NULL
);
