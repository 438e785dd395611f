-- The order service's table. HELD -> PAID, or HELD -> RELEASING -> RELEASED when the hold expires.
CREATE TABLE orders (
    order_id    VARCHAR(64) PRIMARY KEY,
    seq         BIGINT      NOT NULL,
    user_id     VARCHAR(64) NOT NULL,
    sku         VARCHAR(64) NOT NULL,
    qty         INT         NOT NULL,
    status      VARCHAR(16) NOT NULL,
    created_at  BIGINT      NOT NULL,
    hold_until  BIGINT      NOT NULL,
    releasing_at BIGINT                 -- when the expiry claimed it (HELD -> RELEASING): its unit may go back from then on
);
CREATE INDEX orders_status_hold ON orders (status, hold_until);
