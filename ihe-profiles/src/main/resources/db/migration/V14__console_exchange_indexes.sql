-- The console's queue depths read the messages not yet sent (status PENDING or DEAD) without scanning those sent.
CREATE INDEX outbox_status ON outbox (status, destination);
