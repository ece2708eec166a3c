-- Idempotency keys of camel-sql's JdbcMessageIdRepository (its own auto-create is off).
-- One row per processed event id; purged after router.dedup.retention.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(100) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);

CREATE INDEX camel_messageprocessed_created_idx ON CAMEL_MESSAGEPROCESSED (createdAt);
