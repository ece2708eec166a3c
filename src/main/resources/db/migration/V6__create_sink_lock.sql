-- Short leases on one key of one sink, so that deliveries which must not overlap take turns on
-- every instance: the messages of one Zendesk conversation (the first opens the ticket, the
-- others comment on it). Taken with an insert or by replacing an expired holder, given back with
-- a delete; a lock whose holder died runs out after router.dispatch.lease.
CREATE TABLE sink_lock (
    lock_key     VARCHAR(300)             NOT NULL PRIMARY KEY,
    locked_by    VARCHAR(100)             NOT NULL,
    locked_until TIMESTAMP WITH TIME ZONE NOT NULL
);
