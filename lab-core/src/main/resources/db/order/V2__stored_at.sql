-- When the row reached the database (epoch ms). The direct path writes it as it acknowledges (created_at);
-- the queued path's writer, later: stored_at - created_at is the order's acknowledgement-to-database time.
ALTER TABLE orders ADD COLUMN stored_at BIGINT;
