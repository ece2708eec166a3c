-- Traces (management.tracing.enabled): the W3C traceparent of the webhook span that stored the
-- event, so that each dispatch of it continues the trace its webhook began. NULL when tracing was
-- off at intake. Written and read by the router only; a sender's trace headers are never kept.
ALTER TABLE inbox_event ADD COLUMN trace_parent VARCHAR(55);
