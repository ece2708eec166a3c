-- Several webhook sources (router.webhook and router.sources.<name>): which one each event and
-- each refused request came through. Rows written before sources existed came through
-- router.webhook, named 'vobiz'.
ALTER TABLE inbox_event ADD COLUMN source VARCHAR(64) DEFAULT 'vobiz' NOT NULL;

-- The event in the SPEC's envelope, as the sinks read it, for sources whose envelope is another
-- (the payload column keeps the body as sent). NULL when the payload is already in that envelope.
ALTER TABLE inbox_event ADD COLUMN normalised TEXT;

CREATE INDEX inbox_event_source_idx ON inbox_event (source, received_at);

ALTER TABLE vobiz_event ADD COLUMN source VARCHAR(64) DEFAULT 'vobiz' NOT NULL;

ALTER TABLE rejected_request ADD COLUMN source VARCHAR(64);
