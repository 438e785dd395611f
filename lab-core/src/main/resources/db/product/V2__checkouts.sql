-- What each checkout charged, and for which version of the product: the trade flow's price check leaves this
-- record, and the lab compares it with the price the database had when the buyer checked out.
CREATE TABLE checkouts (
    id           BIGINT      AUTO_INCREMENT PRIMARY KEY,
    checkout_id  VARCHAR(64) NOT NULL UNIQUE,
    sku          VARCHAR(64) NOT NULL REFERENCES products (sku),
    member       BOOLEAN     NOT NULL,
    version      BIGINT      NOT NULL,
    charged      BIGINT      NOT NULL
);
