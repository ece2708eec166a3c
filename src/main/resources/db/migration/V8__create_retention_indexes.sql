-- Indexes the retention purge walks (inbox.Retention, routes/housekeeping.camel.yaml): each batch
-- reads the next rows by age, in index order, with a limit. Already there: inbox_event
-- (received_at), CAMEL_MESSAGEPROCESSED (createdAt), dead_letter (created_at), rejected_request
-- (received_at); the checks whether an event still has its inbox row or a dead letter probe
-- inbox_event_event_id_uk and dead_letter_event_idx.
--
-- A plain CREATE INDEX blocks writes to its table while it is built. Before upgrading a router
-- whose PostgreSQL tables are already large, create these indexes beforehand with
-- CREATE INDEX CONCURRENTLY under the same names; IF NOT EXISTS then skips them here.

-- Failed delivery attempts by age.
CREATE INDEX IF NOT EXISTS delivery_attempt_at_idx ON delivery_attempt (at);

-- Analytics rows by age (the existing index leads with the event type).
CREATE INDEX IF NOT EXISTS vobiz_event_received_idx ON vobiz_event (received_at);

-- Business rows by their last update.
CREATE INDEX IF NOT EXISTS message_status_updated_idx ON message_status (updated_at);
CREATE INDEX IF NOT EXISTS campaign_result_updated_idx ON campaign_result (updated_at);
