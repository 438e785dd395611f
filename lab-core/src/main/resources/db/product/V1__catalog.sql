-- The product service's catalog (the note's product domain): a category tree, brands, warehouses, products
-- with their base info, price types and detail, and stock per warehouse. version counts every change of a
-- product: what a cached copy is compared by.
CREATE TABLE categories (
    id        BIGINT      PRIMARY KEY,
    parent_id BIGINT      NULL REFERENCES categories (id),
    name      VARCHAR(64) NOT NULL
);

CREATE TABLE brands (
    id   BIGINT      PRIMARY KEY,
    name VARCHAR(64) NOT NULL UNIQUE
);

CREATE TABLE warehouses (
    id     VARCHAR(32) PRIMARY KEY,
    region VARCHAR(32) NOT NULL
);

CREATE TABLE products (
    sku             VARCHAR(64)   PRIMARY KEY,
    name            VARCHAR(200)  NOT NULL,
    merchant        VARCHAR(64)   NOT NULL,
    category_id     BIGINT        NOT NULL REFERENCES categories (id),
    brand_id        BIGINT        NOT NULL REFERENCES brands (id),
    list_cents      BIGINT        NOT NULL CHECK (list_cents > 0),
    promotion_cents BIGINT        NULL CHECK (promotion_cents > 0),
    member_cents    BIGINT        NULL CHECK (member_cents > 0),
    detail          VARCHAR(8000) NOT NULL,
    version         BIGINT        NOT NULL,
    changed_at_ms   BIGINT        NOT NULL
);

CREATE TABLE product_stock (
    sku          VARCHAR(64) NOT NULL REFERENCES products (sku),
    warehouse_id VARCHAR(32) NOT NULL REFERENCES warehouses (id),
    units        BIGINT      NOT NULL CHECK (units >= 0),
    PRIMARY KEY (sku, warehouse_id)
);

-- The change log: one row per committed change, written in the change's own transaction (an outbox), read in
-- id order by the change stream. Never updated.
CREATE TABLE product_changes (
    id      BIGINT      AUTO_INCREMENT PRIMARY KEY,
    sku     VARCHAR(64) NOT NULL,
    version BIGINT      NOT NULL
);
