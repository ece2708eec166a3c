-- A ticket the Zendesk sink is about to open for a conversation, written before the call and
-- removed once the ticket is remembered (sink.zendesk.ZendeskMappings). A row still here names a
-- message whose ticket may exist unremembered (its router stopped in between): another message of
-- the conversation then looks the conversation's ticket up before opening one, so a crash never
-- leaves two tickets for one conversation.
CREATE TABLE zendesk_ticket_opening (
    conversation_key VARCHAR(300)             NOT NULL PRIMARY KEY,
    message_key      VARCHAR(300)             NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
