-- Destinations: an event's set of deliveries is decided once, at its first dispatch, and kept in
-- inbox_event.destinations (comma-separated names, NULL until decided), so retries, replays and
-- route reloads never decide it again.
ALTER TABLE inbox_event ADD COLUMN destinations VARCHAR(1000);

-- Each delivery's own state, written when an event did not reach every destination at its first
-- dispatch (an event delivered everywhere at once needs no row: it is DONE, its destinations
-- listed above). A destination that took the event is DONE here and is never sent it again; the
-- inbox row is PENDING while any delivery is, due when the earliest of them is.
CREATE TABLE delivery (
    inbox_id        BIGINT                   NOT NULL,
    destination     VARCHAR(32)              NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER     DEFAULT 0    NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(4000),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT delivery_pk PRIMARY KEY (inbox_id, destination),
    CONSTRAINT delivery_inbox_fk FOREIGN KEY (inbox_id) REFERENCES inbox_event (id) ON DELETE CASCADE,
    CONSTRAINT delivery_status_ck CHECK (status IN ('PENDING', 'DONE', 'DEAD'))
);
