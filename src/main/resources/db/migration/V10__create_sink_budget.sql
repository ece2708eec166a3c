-- The API budget of each business system, shared by every instance: a token bucket refilled at
-- the sink's configured rate (tokens, refilled_at in epoch milliseconds), and a pause until a
-- time (paused_until, epoch milliseconds) after the system said "too many requests" or its daily
-- allowance is used up. One row per sink, created on first use.
CREATE TABLE sink_budget (
    sink         VARCHAR(32)      NOT NULL PRIMARY KEY,
    tokens       DOUBLE PRECISION NOT NULL,
    refilled_at  BIGINT           NOT NULL,
    paused_until BIGINT           NOT NULL,
    pause_reason VARCHAR(255)
);

-- Claim tokens start with the instance's name (router.dispatch.instance-id, up to 64
-- characters), and a sink lock's holder is a claim token and an event.
ALTER TABLE inbox_event ALTER COLUMN locked_by SET DATA TYPE VARCHAR(200);
ALTER TABLE sink_lock ALTER COLUMN locked_by SET DATA TYPE VARCHAR(200);
