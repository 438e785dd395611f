-- The coupon service's tables. A coupon: ISSUED -> LOCKED (by one order, at checkout) -> REDEEMED (paid),
-- or LOCKED -> RELEASED (the order failed or timed out: usable again). order_id is the order holding it,
-- or the one that held it last.
CREATE TABLE coupon (
    code            VARCHAR(64) PRIMARY KEY,
    user_id         VARCHAR(64) NOT NULL,
    discount_cents  BIGINT      NOT NULL,
    min_order_cents BIGINT      NOT NULL,
    state           VARCHAR(16) NOT NULL,
    order_id        VARCHAR(64),
    issued_at       BIGINT      NOT NULL
);

-- Every order that held a coupon and how that ended, so a replayed redeem or release for an order
-- answers as the first one did, even after another order took the coupon.
CREATE TABLE coupon_use (
    code        VARCHAR(64) NOT NULL,
    order_id    VARCHAR(64) NOT NULL,
    state       VARCHAR(16) NOT NULL,
    locked_at   BIGINT      NOT NULL,
    redeemed_at BIGINT,
    released_at BIGINT,
    PRIMARY KEY (code, order_id)
);
