-- What the Zendesk sink remembers so that a customer message costs one Zendesk call once its
-- conversation is known (sink.zendesk.ZendeskMappings, routes/zendesk-sink.camel.yaml). Keys
-- longer than their column are stored as their SHA-256, as in sink_lock.

-- The Zendesk user of each contact (user external id vobiz-contact-<contact id>): known
-- requesters are not created or updated again.
CREATE TABLE zendesk_user (
    contact_key VARCHAR(300)             NOT NULL PRIMARY KEY,
    user_id     BIGINT                   NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The ticket of each conversation (ticket external id vobiz-conversation-<conversation>): a later
-- message is added to it as a comment. Replaced when that ticket turns out closed or deleted.
CREATE TABLE zendesk_ticket (
    conversation_key VARCHAR(300)             NOT NULL PRIMARY KEY,
    ticket_id        BIGINT                   NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Each message the sink is about to write to Zendesk: SENDING is written before the call that
-- adds it (in doubt until the answer), SENT after. Only a redelivery that finds SENDING lists the
-- ticket's comments to see whether the earlier call took effect; one that finds SENT makes no
-- call. Purged with the delivered inbox rows (inbox.Retention).
CREATE TABLE zendesk_message (
    message_key VARCHAR(300)             NOT NULL PRIMARY KEY,
    state       VARCHAR(16)              NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT zendesk_message_state_ck CHECK (state IN ('SENDING', 'SENT'))
);

CREATE INDEX zendesk_message_updated_idx ON zendesk_message (updated_at);
